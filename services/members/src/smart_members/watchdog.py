"""The saga watchdog: jobs whose timeline has not moved for longer than their step allows.

Each status waits for a next step (a job ``contracted`` waits for its hiring declaration's
answer, an ``invoiced`` one for the client's payment or the guarantee…). How long is normal is
a setting per status (``SMART_STALLED_AFTER``, seconds); past it the job is listed for staff in
``GET /v1/operations/stalled-jobs`` and counted in the ``smart_stalled_jobs`` gauge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from prometheus_client import Gauge
from pydantic import BaseModel, Field

from smart_common.clock import Clock
from smart_common.persistence import UnitOfWork
from smart_members.adapters.repositories import JOBS
from smart_members.domain.jobs import JobStatus

STALLED_JOBS = Gauge("smart_stalled_jobs", "Jobs whose saga has not moved in time", ["status"])

WAITS_FOR: dict[JobStatus, str] = {
    JobStatus.DECLARED: "contract_generated (payroll)",
    JobStatus.CONTRACTED: "dimona_accepted, then invoice_sent (payroll, invoicing)",
    JobStatus.BLOCKED: "a correction by staff (see the refusal on the timeline)",
    JobStatus.INVOICED: "payment_received or salary_guaranteed (collections)",
    JobStatus.PAID: "payslip_issued (payroll)",
    JobStatus.SALARY_GUARANTEED: "payslip_issued (payroll)",
    JobStatus.SALARIED: "declaration_filed (payroll)",
}

DEFAULT_STALLED_AFTER: dict[str, float] = {
    JobStatus.DECLARED.value: 600,
    JobStatus.CONTRACTED.value: 3600,
    JobStatus.BLOCKED.value: 86_400,
    # past any guarantee date of the packs (weeks after the job), the invoice is lost
    JobStatus.INVOICED.value: 45 * 86_400,
    JobStatus.PAID.value: 600,
    JobStatus.SALARY_GUARANTEED.value: 600,
    JobStatus.SALARIED.value: 3600,
}

# A hiring declaration may wait until shortly before the job starts (a DPAE is made in the
# 8 days before hiring): a contracted job is not late before that window opens.
HIRING_WINDOW_DAYS = 8


class StalledJob(BaseModel):
    job_id: str
    member_id: str
    status: str
    last_step: str = Field(description="The last step on the job's timeline")
    since: datetime = Field(description="When the timeline last moved")
    waiting_for: str = Field(description="The step the saga waits for, and who owes it")
    overdue_seconds: int


@dataclass(frozen=True)
class SagaWatchdog:
    uow: UnitOfWork
    clock: Clock
    stalled_after: dict[str, float]

    async def stalled(self, limit: int = 500) -> list[StalledJob]:
        now = self.clock.now()
        watched = [status.value for status in WAITS_FOR]
        jobs = await self.uow.find(
            JOBS, {"status": {"$in": watched}}, sort=[("declared_at", 1)], limit=20_000
        )
        found = [stalled for job in jobs if (stalled := self._check(job, now)) is not None]
        found.sort(key=lambda job: job.overdue_seconds, reverse=True)
        counts = {status: 0 for status in watched}
        for job in found:
            counts[job.status] += 1
        for status, count in counts.items():
            STALLED_JOBS.labels(status).set(count)
        return found[:limit]

    def _check(self, job: dict[str, Any], now: datetime) -> StalledJob | None:
        status = JobStatus(job["status"])
        if job.get("kind") == "long_contract" and status is JobStatus.SALARIED:
            return None  # a month was paid; the contract goes on
        last = max(job["timeline"], key=lambda entry: entry["at"])
        since: datetime = last["at"]
        due = since + timedelta(seconds=self.stalled_after.get(status.value, 3600))
        if status is JobStatus.CONTRACTED and job.get("start_date"):
            window = date.fromisoformat(job["start_date"]) - timedelta(days=HIRING_WINDOW_DAYS)
            due = max(due, datetime.combine(window, since.timetz()))
        if now <= due:
            return None
        return StalledJob(
            job_id=job["_id"],
            member_id=job["member_id"],
            status=status.value,
            last_step=last["step"],
            since=since,
            waiting_for=WAITS_FOR[status],
            overdue_seconds=int((now - due).total_seconds()),
        )
