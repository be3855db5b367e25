"""E-mail the quote's PDF to the client with its signed acceptance link (delivered with
retries); a member has at most a few quotes e-mailed an hour (the cooperative's address must
not become a way to send mail to anyone)."""

from __future__ import annotations

from datetime import timedelta

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, TooManyRequests
from smart_invoicing.adapters.repositories import QUOTES, Quotes
from smart_invoicing.domain.acceptance import acceptance_token
from smart_invoicing.schemas import Quote


class SendQuote(UseCase):
    def __init__(
        self, uow: UnitOfWork, public_base_url: str, secret: str, clock: Clock, per_hour: int
    ):
        self._uow = uow
        self._per_hour = per_hour
        self._base_url = public_base_url.rstrip("/")
        self._secret = secret
        self._clock = clock

    async def __call__(self, principal: Principal, quote_id: str) -> Quote:
        quote = await find_visible(self._uow, QUOTES, {"_id": quote_id}, principal, "quote")
        if quote["status"] not in ("draft", "sent"):
            raise Conflict(f"the quote is {quote['status']}: it cannot be sent again")
        link = (
            f"{self._base_url}/v1/quotes/{quote_id}/acceptance"
            f"?token={acceptance_token(self._secret, quote)}"
        )

        async def mark(tx: Transaction) -> Quote:
            quotes = Quotes(tx)
            now = self._clock.now()
            if await quotes.sendings_since(quote["member_id"], now - timedelta(hours=1)) >= (
                self._per_hour
            ):
                raise TooManyRequests(
                    f"at most {self._per_hour} quote e-mails an hour: try again later",
                    retry_after=600,
                )
            await quotes.send(quote_id, link, now)
            updated = await quotes.get(quote_id)
            assert updated is not None
            return Quote.of(updated)

        return await self._uow.run(mark)
