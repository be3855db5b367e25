"""An invoice was issued: the activity's books get its receivable, revenue and VAT."""

from __future__ import annotations

from smart_activities.books import Books
from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import InvoiceIssued
from smart_common.persistence import Transaction


class OnInvoiceIssued(EventReaction):
    consumer = "activities-books"
    handles = (InvoiceIssued,)

    def __init__(self, books: Books):
        self._books = books

    async def handle(self, data: InvoiceIssued, envelope: Envelope, tx: Transaction) -> None:
        await self._books.take(data, envelope, tx)
