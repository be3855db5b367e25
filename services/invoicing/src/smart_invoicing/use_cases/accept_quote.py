"""The client accepts a quote through its signed link (no login)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.invoicing import QuoteAccepted
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict
from smart_invoicing.adapters.repositories import Quotes
from smart_invoicing.queries import InvoicingQueries
from smart_invoicing.schemas import QuoteForClient


class AcceptQuote(UseCase):
    raises = (QuoteAccepted,)

    def __init__(self, uow: UnitOfWork, queries: InvoicingQueries, clock: Clock):
        self._uow = uow
        self._queries = queries
        self._clock = clock

    async def __call__(self, quote_id: str, token: str) -> QuoteForClient:
        quote = await self._queries.signed_quote(quote_id, token)
        if quote["status"] in ("accepted", "confirmed"):
            return QuoteForClient.of(quote)
        if date.fromisoformat(quote["valid_until"]) < self._clock.today():
            raise Conflict(f"the quote expired on {quote['valid_until']}")

        async def accept(tx: Transaction) -> None:
            if not await Quotes(tx).move(quote_id, "sent", "accepted", self._clock.now()):
                return
            await tx.record_event(
                QuoteAccepted(
                    quote_id=quote_id,
                    number=quote["number"],
                    member_id=quote["member_id"],
                    entity=quote["entity"],
                    client_id=quote["client_id"],
                    total_incl_vat=Decimal(quote["total_incl_vat"]),
                    currency=quote["currency"],
                ),
                subject=quote_id,
                entity=quote["entity"],
                correlation_id=quote_id,
            )

        await self._uow.run(accept)
        return await self._queries.quote_for_client(quote_id, token)
