"""The guarantee fund pays the salary of a job whose invoice is not paid in time (unless the
payment came first)."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.collections import SalaryGuaranteed
from smart_common.events.envelope import Envelope
from smart_common.persistence import Transaction
from smart_payroll.use_cases.pay_job import JobSalary


class OnSalaryGuaranteed(EventReaction):
    consumer = "payroll-salaries"
    handles = (SalaryGuaranteed,)
    raises = JobSalary.raises

    def __init__(self, salary: JobSalary):
        self._salary = salary

    async def handle(self, data: SalaryGuaranteed, envelope: Envelope, tx: Transaction) -> None:
        await self._salary.pay(
            tx,
            data.job_id,
            trigger="salary_guaranteed",
            on=data.guarantee_date,
            correlation_id=envelope.correlation_id,
        )
