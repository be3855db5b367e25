"""Before its start a job can be cancelled: the credit note and the other compensations follow
from ``job.cancelled``."""

from __future__ import annotations

from datetime import date

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.members import JobCancelled
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict
from smart_members.adapters.repositories import JOBS, Jobs
from smart_members.domain.jobs import SALARY_REQUEST, JobStatus, Step
from smart_members.schemas import CancellationIn, Job


class CancelJob(UseCase):
    raises = (JobCancelled,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, job_id: str, cancellation: CancellationIn
    ) -> Job:
        job = await find_visible(self._uow, JOBS, {"_id": job_id}, principal, "job")
        if job["status"] == JobStatus.CANCELLED.value:
            return Job.of(job)
        paid = (JobStatus.SALARIED.value, JobStatus.COMPLETED.value)
        if job.get("kind") == SALARY_REQUEST and job["status"] in paid:
            raise Conflict("the salary's payslip is issued: it is not cancelled any more")
        if date.fromisoformat(job["start_date"]) <= self._clock.today():
            raise Conflict("the job has started: correct it with a credit note instead")

        async def cancel(tx: Transaction) -> Job:
            entry = {
                "step": Step.CANCELLED.value,
                "at": self._clock.now(),
                "document_id": job_id,
                "detail": cancellation.reason,
            }
            if not await Jobs(tx).cancel(job_id, entry):
                raise Conflict("the job was cancelled meanwhile")
            await tx.record_event(
                JobCancelled(
                    job_id=job_id,
                    member_id=job["member_id"],
                    entity=job["entity"],
                    reason=cancellation.reason,
                ),
                subject=job_id,
                entity=job["entity"],
                correlation_id=job_id,
            )
            updated = await Jobs(tx).get(job_id)
            assert updated is not None
            return Job.of(updated)

        return await self._uow.run(cancel)
