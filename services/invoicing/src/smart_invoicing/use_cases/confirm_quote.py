"""The member confirms a quote the client accepted: members declares the job from
``quote.confirmed``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.invoicing import QuoteConfirmed
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict
from smart_invoicing.adapters.repositories import QUOTES, Quotes
from smart_invoicing.schemas import Quote


class ConfirmQuote(UseCase):
    raises = (QuoteConfirmed,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, quote_id: str) -> Quote:
        quote = await find_visible(self._uow, QUOTES, {"_id": quote_id}, principal, "quote")
        if quote["status"] == "confirmed":
            return Quote.of(quote)
        if quote["status"] != "accepted":
            raise Conflict(f"the quote is {quote['status']}: only an accepted quote is confirmed")

        async def confirm(tx: Transaction) -> Quote:
            quotes = Quotes(tx)
            if not await quotes.move(quote_id, "accepted", "confirmed", self._clock.now()):
                raise Conflict("the quote changed meanwhile")
            terms = quote["terms"]
            await tx.record_event(
                QuoteConfirmed(
                    quote_id=quote_id,
                    number=quote["number"],
                    member_id=quote["member_id"],
                    entity=quote["entity"],
                    client_id=quote["client_id"],
                    description=terms["description"],
                    occupation_code=terms["occupation_code"],
                    start_date=date.fromisoformat(terms["start_date"]),
                    end_date=date.fromisoformat(terms["end_date"]),
                    worked_days=terms["worked_days"],
                    amount_excl_vat=Decimal(terms["amount_excl_vat"]),
                    currency=terms["currency"],
                    contract_type=terms["contract_type"],
                    expenses=Decimal(terms["expenses"]),
                    service_nature=terms["service_nature"],
                    place_country=terms.get("place_country"),
                    buyer_reference=terms.get("buyer_reference"),
                ),
                subject=quote_id,
                entity=quote["entity"],
                correlation_id=quote_id,
            )
            updated = await quotes.get(quote_id)
            assert updated is not None
            return Quote.of(updated)

        return await self._uow.run(confirm)
