"""The member cancelled the job of a salary request before its payslip (payroll withdraws its
contract and hiring declaration): what it held, and its notes, go back to the budget."""

from __future__ import annotations

from smart_activities import salary_requests
from smart_activities.domain.salary_requests import SalaryRequestStatus
from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.members import JobCancelled
from smart_common.persistence import Transaction


class OnJobCancelled(EventReaction):
    consumer = "activities-salary-requests"
    handles = (JobCancelled,)

    async def handle(self, data: JobCancelled, envelope: Envelope, tx: Transaction) -> None:
        await salary_requests.settle(
            tx,
            data.job_id,
            SalaryRequestStatus.CANCELLED,
            envelope.time,
            by="members",
            reason=data.reason,
        )
