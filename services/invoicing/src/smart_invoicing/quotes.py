"""Use cases of quotes: a member prepares one for a client (same VAT engine, a PDF), sends it,
the client accepts it through a signed link, and the member's confirmation turns it into the
job's declaration (``quote.confirmed``, which members declares)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field

from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import QuoteAccepted, QuoteConfirmed
from smart_common.events.members import (
    ActivitySnapshot,
    ActivityUpdated,
    ClientRegistered,
    ClientSnapshot,
    ContractType,
)
from smart_common.idempotency import fingerprint, run_idempotent
from smart_common.money import CentAmount, Currency
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable
from smart_common.rulepacks import RuleNotConfigured
from smart_common.text import InputModel
from smart_invoicing.adapters.repositories import ACTIVITIES, CLIENTS, QUOTES, next_number
from smart_invoicing.composition import DocumentComposer, Work
from smart_invoicing.domain.acceptance import acceptance_token, token_is_valid
from smart_invoicing.domain.document import to_stored
from smart_invoicing.domain.vat import ServiceNature
from smart_invoicing.handlers import public
from smart_invoicing.settings import InvoicingSettings


class QuoteIn(InputModel):
    client_id: str = Field(min_length=1, max_length=64)
    description: str = Field(min_length=1, max_length=1000)
    occupation_code: str = Field(pattern=r"^\d{4}$", description="ISCO-08 unit group code")
    start_date: date
    end_date: date
    worked_days: int = Field(ge=1, le=31)
    amount_excl_vat: CentAmount = Field(gt=Decimal("0"), le=Decimal("1000000"))
    currency: Currency
    contract_type: ContractType = ContractType.EMPLOYEE
    expenses: CentAmount = Field(default=Decimal("0"), ge=Decimal("0"))
    service_nature: ServiceNature = ServiceNature.GENERAL
    place_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    buyer_reference: str | None = Field(default=None, min_length=1, max_length=100)


def public_quote(quote: dict[str, Any]) -> dict[str, Any]:
    return public(quote, "quote_id")


class QuoteHandlers:
    def __init__(
        self, uow: UnitOfWork, composer: DocumentComposer, settings: InvoicingSettings, clock: Clock
    ):
        self._clock = clock
        self._uow = uow
        self._composer = composer
        self._settings = settings
        self._secret = settings.jwt_secret.get_secret_value()

    # --- read models fed by members ------------------------------------------------------
    async def on_client_registered(
        self, data: ClientRegistered, envelope: Envelope, tx: Transaction
    ) -> None:
        await tx.collection(CLIENTS).update_one(
            {"_id": data.client.client_id},
            {
                "$set": {
                    "member_id": data.member_id,
                    "entity": data.entity,
                    "client": data.client.model_dump(mode="json"),
                }
            },
            upsert=True,
        )

    async def on_activity_updated(
        self, data: ActivityUpdated, envelope: Envelope, tx: Transaction
    ) -> None:
        await tx.collection(ACTIVITIES).update_one(
            {"_id": data.member_id},
            {"$set": {"activity": data.activity.model_dump(mode="json"), "at": envelope.time}},
            upsert=True,
        )

    # --- the member's side ---------------------------------------------------------------
    async def prepare(
        self, principal: Principal, request: QuoteIn, idempotency_key: str | None
    ) -> tuple[dict[str, Any], bool]:
        known = await self._uow.find_one(CLIENTS, {"_id": request.client_id})
        if known is None or known["member_id"] != principal.subject:
            raise Unprocessable(
                "client_id: not one of your clients (a client added a moment ago reaches "
                "invoicing within seconds: try again)"
            )
        if request.end_date < request.start_date:
            raise Unprocessable("end_date: must not be before start_date")
        if request.worked_days > (request.end_date - request.start_date).days + 1:
            raise Unprocessable("worked_days: more days than the period holds")
        client = ClientSnapshot(**known["client"])
        found = await self._uow.find_one(ACTIVITIES, {"_id": principal.subject})
        activity = ActivitySnapshot(**found["activity"]) if found else None
        entity = known["entity"]

        async def create(tx: Transaction) -> dict[str, Any]:
            issue_date = self._clock.today()
            series = f"{entity}-Q-{issue_date.year}"
            sequence = await next_number(tx, series)
            number = f"{entity}{issue_date.year}-Q{sequence:06d}"
            quote_id = str(uuid.uuid4())
            work = Work(
                description=request.description,
                worked_days=request.worked_days,
                start_date=request.start_date,
                end_date=request.end_date,
                amount_excl_vat=request.amount_excl_vat,
                currency=request.currency,
                service_nature=request.service_nature.value,
                place_country=request.place_country,
                buyer_reference=request.buyer_reference or quote_id,
            )
            valid_until = issue_date + timedelta(days=self._settings.quote_validity_days)
            try:
                document = self._composer.quote(
                    entity, client, work, activity, issue_date, valid_until, number
                )
            except RuleNotConfigured as error:
                raise Unprocessable(f"entity {entity}: {error}") from error
            stored = to_stored(document)
            logo = stored.pop("logo")
            quote = {
                "_id": quote_id,
                "number": number,
                "series": series,
                "member_id": principal.subject,
                "entity": entity,
                "client_id": request.client_id,
                "issue_date": issue_date.isoformat(),
                "valid_until": valid_until.isoformat(),
                "currency": document.currency,
                "total_excl_vat": str(document.total_excl_vat),
                "total_vat": str(document.total_vat),
                "total_incl_vat": str(document.total_incl_vat),
                "terms": request.model_dump(mode="json"),
                "status": "draft",
                "document": stored,
                "logo": logo,
                "delivery": {"channel": "email", "status": "not_requested", "attempts": 0},
                "created_at": self._clock.now(),
            }
            await tx.collection(QUOTES).insert_one(quote)
            return public_quote(quote)

        return await run_idempotent(
            self._uow,
            scope=f"quote:{principal.subject}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )

    async def send(self, principal: Principal, quote_id: str) -> dict[str, Any]:
        """E-mail the quote's PDF with its signed acceptance link (delivered with retries)."""
        quote = await find_visible(self._uow, QUOTES, {"_id": quote_id}, principal, "quote")
        if quote["status"] not in ("draft", "sent"):
            raise Conflict(f"the quote is {quote['status']}: it cannot be sent again")
        link = (
            f"{self._settings.public_base_url.rstrip('/')}/v1/quotes/{quote_id}/acceptance"
            f"?token={acceptance_token(self._secret, quote_id)}"
        )

        async def mark(tx: Transaction) -> dict[str, Any]:
            await tx.collection(QUOTES).update_one(
                {"_id": quote_id, "status": {"$in": ["draft", "sent"]}},
                {
                    "$set": {
                        "status": "sent",
                        "acceptance_url": link,
                        "delivery.status": "pending",
                        "delivery.next_attempt_at": self._clock.now(),
                    }
                },
            )
            updated = await tx.collection(QUOTES).find_one({"_id": quote_id})
            assert updated is not None
            return public_quote(updated)

        return await self._uow.run(mark)

    async def confirm(self, principal: Principal, quote_id: str) -> dict[str, Any]:
        """The member confirms an accepted quote: members declares the job."""
        quote = await find_visible(self._uow, QUOTES, {"_id": quote_id}, principal, "quote")
        if quote["status"] == "confirmed":
            return public_quote(quote)
        if quote["status"] != "accepted":
            raise Conflict(f"the quote is {quote['status']}: only an accepted quote is confirmed")

        async def confirm(tx: Transaction) -> dict[str, Any]:
            changed = await tx.collection(QUOTES).update_one(
                {"_id": quote_id, "status": "accepted"},
                {"$set": {"status": "confirmed", "confirmed_at": self._clock.now()}},
            )
            if not changed:
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
            updated = await tx.collection(QUOTES).find_one({"_id": quote_id})
            assert updated is not None
            return public_quote(updated)

        return await self._uow.run(confirm)

    # --- the client's side (no login: the signed link) -----------------------------------
    async def _signed(self, quote_id: str, token: str) -> dict[str, Any]:
        if not token_is_valid(self._secret, quote_id, token):
            raise NotFound("no such quote")
        quote = await self._uow.find_one(QUOTES, {"_id": quote_id}, projection={"logo": 0})
        if quote is None or quote["status"] == "draft":
            raise NotFound("no such quote")
        return quote

    async def for_client(self, quote_id: str, token: str) -> dict[str, Any]:
        quote = await self._signed(quote_id, token)
        document = quote["document"]
        return {
            "quote_id": quote_id,
            "number": quote["number"],
            "status": quote["status"],
            "issuer": document["seller"]["name"],
            "activity": document.get("activity_name"),
            "client": document["buyer"]["name"],
            "lines": document["lines"],
            "total_excl_vat": quote["total_excl_vat"],
            "total_vat": quote["total_vat"],
            "total_incl_vat": quote["total_incl_vat"],
            "currency": quote["currency"],
            "valid_until": quote["valid_until"],
        }

    async def accept(self, quote_id: str, token: str) -> dict[str, Any]:
        quote = await self._signed(quote_id, token)
        if quote["status"] in ("accepted", "confirmed"):
            return await self.for_client(quote_id, token)
        if date.fromisoformat(quote["valid_until"]) < self._clock.today():
            raise Conflict(f"the quote expired on {quote['valid_until']}")

        async def accept(tx: Transaction) -> None:
            changed = await tx.collection(QUOTES).update_one(
                {"_id": quote_id, "status": "sent"},
                {"$set": {"status": "accepted", "accepted_at": self._clock.now()}},
            )
            if not changed:
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
        return await self.for_client(quote_id, token)

    # --- reading -------------------------------------------------------------------------
    async def quote_document(self, principal: Principal, quote_id: str) -> dict[str, Any]:
        return await find_visible(self._uow, QUOTES, {"_id": quote_id}, principal, "quote")

    async def quotes(self, principal: Principal, status: str | None) -> list[dict[str, Any]]:
        query = visible_scope(principal)
        if status:
            query["status"] = status
        found = await self._uow.find(
            QUOTES, query, sort=[("created_at", -1)], limit=200, projection={"logo": 0}
        )
        return [public_quote(quote) for quote in found]
