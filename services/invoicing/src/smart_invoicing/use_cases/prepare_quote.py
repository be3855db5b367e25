"""A member prepares a quote for one of their clients: the same VAT engine as the invoice, a
numbered document and its PDF."""

from __future__ import annotations

import uuid
from datetime import timedelta

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.members import ActivitySnapshot, ClientSnapshot
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.numbering import next_number
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleNotConfigured
from smart_invoicing.adapters.repositories import ACTIVITIES, CLIENTS, Quotes
from smart_invoicing.composition import DocumentComposer, Work
from smart_invoicing.domain.document import to_stored
from smart_invoicing.schemas import Quote, QuoteIn


class PrepareQuote(UseCase):
    def __init__(
        self, uow: UnitOfWork, composer: DocumentComposer, validity_days: int, clock: Clock
    ):
        self._uow = uow
        self._composer = composer
        self._validity = timedelta(days=validity_days)
        self._clock = clock

    async def __call__(
        self, principal: Principal, request: QuoteIn, idempotency_key: str | None
    ) -> tuple[Quote, bool]:
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

        async def create(tx: Transaction) -> Quote:
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
            valid_until = issue_date + self._validity
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
            await Quotes(tx).add(quote)
            return Quote.of(quote)

        return await run_idempotent_as(
            Quote,
            self._uow,
            scope=f"quote:{principal.subject}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )
