"""A payslip was issued: its employer cost and the expenses it reimbursed leave the cash (a
salary from the budget: the budget it asked), and the salary request it pays is paid."""

from __future__ import annotations

from smart_activities import salary_requests
from smart_activities.books import Books
from smart_activities.domain.salary_requests import SalaryRequestStatus
from smart_common.bus import EventReaction
from smart_common.events.activities import ExpenseNotePaid
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import PayslipIssued
from smart_common.persistence import Transaction


class OnPayslipIssued(EventReaction):
    consumer = "activities-books"
    handles = (PayslipIssued,)
    raises = (ExpenseNotePaid,)

    def __init__(self, books: Books):
        self._books = books

    async def handle(self, data: PayslipIssued, envelope: Envelope, tx: Transaction) -> None:
        await self._books.take(data, envelope, tx)
        await salary_requests.settle(
            tx, data.job_id, SalaryRequestStatus.PAID, envelope.time, payslip_id=data.payslip_id
        )
