"""A credit note corrected an invoice: revenue, VAT and receivable go back."""

from __future__ import annotations

from smart_activities.books import Books
from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.persistence import Transaction


class OnCreditNoteIssued(EventReaction):
    consumer = "activities-books"
    handles = (CreditNoteIssued,)

    def __init__(self, books: Books):
        self._books = books

    async def handle(self, data: CreditNoteIssued, envelope: Envelope, tx: Transaction) -> None:
        await self._books.take(data, envelope, tx)
