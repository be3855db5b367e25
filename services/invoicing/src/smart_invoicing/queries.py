"""What the invoicing routes read: invoices, credit notes and quotes as their callers may see
them, a quote as its client sees it through the signed link, and a reminder's letter for staff."""

from __future__ import annotations

import asyncio
from typing import Any

from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.persistence import UnitOfWork
from smart_common.problems import NotFound
from smart_invoicing.adapters.repositories import (
    CREDIT_NOTE_REQUESTS,
    CREDIT_NOTES,
    INVOICES,
    QUOTES,
    REMINDERS,
)
from smart_invoicing.documents import rendering
from smart_invoicing.documents.pdf import render_reminder_pdf
from smart_invoicing.domain.acceptance import token_is_valid
from smart_invoicing.schemas import (
    CreditNote,
    CreditNoteRequest,
    Invoice,
    Quote,
    QuoteForClient,
)

LISTED = 200


class InvoicingQueries:
    def __init__(self, uow: UnitOfWork, secret: str, clock: Clock):
        self._uow = uow
        self._secret = secret
        self._clock = clock

    async def invoice_document(self, principal: Principal, invoice_id: str) -> dict[str, Any]:
        return await find_visible(self._uow, INVOICES, {"_id": invoice_id}, principal, "invoice")

    async def credit_note_document(
        self, principal: Principal, credit_note_id: str
    ) -> dict[str, Any]:
        return await find_visible(
            self._uow, CREDIT_NOTES, {"_id": credit_note_id}, principal, "credit note"
        )

    async def reminder_letter(self, principal: Principal, reminder_id: str) -> bytes:
        """A reminder's letter as it was sent (staff of the entity: the collections team and
        the legal hand-off)."""
        reminder = await self._uow.find_one(
            REMINDERS, {"_id": reminder_id, "entity": principal.entity}
        )
        invoice = reminder and await self._uow.find_one(INVOICES, {"_id": reminder["invoice_id"]})
        if reminder is None or invoice is None or "document" not in invoice:
            raise NotFound("no such reminder in the entity")
        return await asyncio.to_thread(
            render_reminder_pdf, reminder, rendering.document_of(invoice)
        )

    async def quote_document(self, principal: Principal, quote_id: str) -> dict[str, Any]:
        return await find_visible(self._uow, QUOTES, {"_id": quote_id}, principal, "quote")

    async def invoices(
        self, principal: Principal, job_id: str | None, status: str | None
    ) -> list[Invoice]:
        query = visible_scope(principal)
        if job_id:
            query["job_id"] = job_id
        if status:
            query["status"] = status
        return [Invoice.of(invoice) for invoice in await self._newest(INVOICES, query)]

    async def credit_notes(
        self, principal: Principal, invoice_id: str | None, job_id: str | None
    ) -> list[CreditNote]:
        query = visible_scope(principal)
        if invoice_id:
            query["invoice_id"] = invoice_id
        if job_id:
            query["job_id"] = job_id
        return [CreditNote.of(note) for note in await self._newest(CREDIT_NOTES, query)]

    async def credit_note_requests(
        self, principal: Principal, status: str | None
    ) -> list[CreditNoteRequest]:
        query = visible_scope(principal)
        if status:
            query["status"] = status
        found = await self._uow.find(
            CREDIT_NOTE_REQUESTS, query, sort=[("requested_at", -1)], limit=LISTED
        )
        return [CreditNoteRequest.of(request) for request in found]

    async def credit_note_request(self, principal: Principal, request_id: str) -> CreditNoteRequest:
        return CreditNoteRequest.of(
            await find_visible(
                self._uow,
                CREDIT_NOTE_REQUESTS,
                {"_id": request_id},
                principal,
                "credit-note request",
            )
        )

    async def quotes(self, principal: Principal, status: str | None) -> list[Quote]:
        query = visible_scope(principal)
        if status:
            query["status"] = status
        return [Quote.of(quote) for quote in await self._newest(QUOTES, query)]

    async def _newest(self, collection: str, query: dict[str, Any]) -> list[dict[str, Any]]:
        return await self._uow.find(
            collection, query, sort=[("created_at", -1)], limit=LISTED, projection={"logo": 0}
        )

    async def signed_quote(self, quote_id: str, token: str) -> dict[str, Any]:
        """The quote a signed link names, once sent and as it was sent, while the link is
        valid (404 otherwise: a wrong, expired or outdated link tells nothing)."""
        quote = await self._uow.find_one(QUOTES, {"_id": quote_id}, projection={"logo": 0})
        if (
            quote is None
            or quote["status"] == "draft"
            or not token_is_valid(self._secret, quote, token, self._clock.today())
        ):
            raise NotFound("no such quote (or the link is no longer valid)")
        return quote

    async def quote_for_client(self, quote_id: str, token: str) -> QuoteForClient:
        return QuoteForClient.of(await self.signed_quote(quote_id, token))
