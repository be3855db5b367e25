"""Correct an invoice by a full or partial credit note (the invoice stays as it is).

Staff issue it at once. A member's own credit note is issued at once within the guard-rails
(before the salary is paid or guaranteed, at most what the client has not paid,
``domain/credit_guard_rails``); beyond them it becomes a request a counsellor decides on."""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_invoicing.adapters.repositories import (
    INVOICES,
    CreditNoteRequests,
    CreditNotes,
    Invoices,
)
from smart_invoicing.domain.content import InvalidDocument
from smart_invoicing.domain.credit_guard_rails import outside_guard_rails
from smart_invoicing.domain.document import Document
from smart_invoicing.schemas import CreditAnswer, CreditNoteIn, CreditNoteRequest
from smart_invoicing.use_cases.crediting import Crediting


class IssueCreditNote(UseCase):
    raises = (CreditNoteIssued,)

    def __init__(self, uow: UnitOfWork, crediting: Crediting, clock: Clock):
        self._uow = uow
        self._crediting = crediting
        self._clock = clock

    async def __call__(
        self, principal: Principal, invoice_id: str, request: CreditNoteIn, idempotency_key: str
    ) -> tuple[CreditAnswer, bool]:
        await find_visible(self._uow, INVOICES, {"_id": invoice_id}, principal, "invoice")

        async def create(tx: Transaction) -> CreditAnswer:
            invoice = await Invoices(tx).get(invoice_id)
            assert invoice is not None
            try:
                if not principal.is_staff:
                    preview = self._crediting.preview(
                        invoice, request.amount_excl_vat, request.reason
                    )
                    credited = await CreditNotes(tx).credited_incl_vat(invoice_id)
                    if why := outside_guard_rails(invoice, preview.total_incl_vat, credited):
                        return CreditAnswer(
                            request=await self._ask(tx, principal, invoice, request, preview, why)
                        )
                note = await self._crediting.credit(
                    tx, invoice, request.amount_excl_vat, request.reason, invoice["job_id"]
                )
            except InvalidDocument as error:
                raise Unprocessable(str(error)) from error
            return CreditAnswer(credit_note=note)

        return await run_idempotent_as(
            CreditAnswer,
            self._uow,
            scope=f"credit-note:{invoice_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )

    async def _ask(
        self,
        tx: Transaction,
        principal: Principal,
        invoice: dict[str, Any],
        request: CreditNoteIn,
        preview: Document,
        why: list[str],
    ) -> CreditNoteRequest:
        stored = {
            "_id": str(uuid.uuid4()),
            "invoice_id": invoice["_id"],
            "invoice_number": invoice["number"],
            "job_id": invoice["job_id"],
            "member_id": invoice["member_id"],
            "entity": invoice["entity"],
            "amount_excl_vat": (
                None if request.amount_excl_vat is None else str(request.amount_excl_vat)
            ),
            "total_incl_vat": str(preview.total_incl_vat),
            "reason": request.reason,
            "why": why,
            "status": "pending",
            "requested_by": principal.subject,
            "requested_at": self._clock.now(),
        }
        await CreditNoteRequests(tx).add(stored)
        return CreditNoteRequest.of(stored)
