"""Payroll refused a salary request's contract (the reason says why): what it held goes back
to the budget; the member may ask again."""

from __future__ import annotations

from smart_activities import salary_requests
from smart_activities.domain.salary_requests import SalaryRequestStatus
from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import ContractRefused
from smart_common.persistence import Transaction


class OnContractRefused(EventReaction):
    consumer = "activities-salary-requests"
    handles = (ContractRefused,)

    async def handle(self, data: ContractRefused, envelope: Envelope, tx: Transaction) -> None:
        await salary_requests.settle(
            tx, data.job_id, SalaryRequestStatus.REFUSED, envelope.time, reason=data.reason
        )
