"""A client's payment went to an invoice: the activity's cash, the VAT it held handed over,
the contribution on the rest."""

from __future__ import annotations

from smart_activities.books import Books
from smart_common.bus import EventReaction
from smart_common.events.collections import PaymentApplied
from smart_common.events.envelope import Envelope
from smart_common.persistence import Transaction


class OnPaymentApplied(EventReaction):
    consumer = "activities-books"
    handles = (PaymentApplied,)

    def __init__(self, books: Books):
        self._books = books

    async def handle(self, data: PaymentApplied, envelope: Envelope, tx: Transaction) -> None:
        await self._books.take(data, envelope, tx)
