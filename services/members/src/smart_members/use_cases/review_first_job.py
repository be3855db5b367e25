"""A counsellor of the entity validates (the saga starts) or rejects a job held for review: a
new member's first (the entity's ``first_job_review``), or one above ``job_review_threshold``
— payroll, invoicing and the rest wait for the decision."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.members import JobDeclared
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, NotFound
from smart_members.adapters.repositories import Clients, Jobs, Users
from smart_members.domain.jobs import JobStatus, Step
from smart_members.schemas import Job
from smart_members.use_cases.job_declaration import JobDeclaration


class ReviewFirstJob(UseCase):
    raises = (JobDeclared,)

    def __init__(self, uow: UnitOfWork, declaration: JobDeclaration, clock: Clock):
        self._uow = uow
        self._declaration = declaration
        self._clock = clock

    async def __call__(self, principal: Principal, job_id: str, approve: bool, reason: str) -> Job:
        if not principal.is_staff:
            raise Forbidden("a counsellor or an administrator reviews held jobs")

        async def review(tx: Transaction) -> Job:
            jobs = Jobs(tx)
            job = await jobs.get(job_id)
            if job is None or job["entity"] != principal.entity:
                raise NotFound("no such job in your entity")
            step = Step.REVIEWED if approve else Step.REVIEW_REJECTED
            entry = {
                "step": step.value,
                "at": self._clock.now(),
                "document_id": job_id,
                "reviewed_by": principal.subject,
                "reason": reason,
            }
            status = JobStatus.DECLARED if approve else JobStatus.REVIEW_REJECTED
            if not await jobs.review(job_id, status.value, entry):
                raise Conflict(f"this job is {job['status']}: no review awaited")
            if approve:
                user = await Users(tx).get(job["member_id"])
                client = await Clients(tx).get(job["client_id"])
                assert user is not None and client is not None
                await self._declaration.start_saga(tx, user, client, job)
            job["status"] = status.value
            job["timeline"] = [*job["timeline"], entry]
            return Job.of(job)

        return await self._uow.run(review)
