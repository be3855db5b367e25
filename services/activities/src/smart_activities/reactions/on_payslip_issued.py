"""A payslip was issued: its employer cost and the expenses it reimbursed leave the cash."""

from __future__ import annotations

from smart_activities.books import Books
from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import PayslipIssued
from smart_common.persistence import Transaction


class OnPayslipIssued(EventReaction):
    consumer = "activities-books"
    handles = (PayslipIssued,)

    def __init__(self, books: Books):
        self._books = books

    async def handle(self, data: PayslipIssued, envelope: Envelope, tx: Transaction) -> None:
        await self._books.take(data, envelope, tx)
