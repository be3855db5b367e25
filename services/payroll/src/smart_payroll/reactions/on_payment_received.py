"""The client paid the job's invoice: the salary is paid (unless the guarantee paid it)."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.collections import PaymentReceived
from smart_common.events.envelope import Envelope
from smart_common.persistence import Transaction
from smart_payroll.use_cases.pay_job import JobSalary


class OnPaymentReceived(EventReaction):
    consumer = "payroll-salaries"
    handles = (PaymentReceived,)
    raises = JobSalary.raises

    def __init__(self, salary: JobSalary):
        self._salary = salary

    async def handle(self, data: PaymentReceived, envelope: Envelope, tx: Transaction) -> None:
        await self._salary.pay(
            tx,
            data.job_id,
            trigger="payment_received",
            on=data.value_date,
            correlation_id=envelope.correlation_id,
        )
