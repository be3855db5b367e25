"""Correct an invoice by a full or partial credit note (the invoice stays as it is)."""

from __future__ import annotations

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_invoicing.adapters.repositories import INVOICES, Invoices
from smart_invoicing.domain.content import InvalidDocument
from smart_invoicing.schemas import CreditNote, CreditNoteIn
from smart_invoicing.use_cases.crediting import Crediting


class IssueCreditNote(UseCase):
    raises = (CreditNoteIssued,)

    def __init__(self, uow: UnitOfWork, crediting: Crediting):
        self._uow = uow
        self._crediting = crediting

    async def __call__(
        self, principal: Principal, invoice_id: str, request: CreditNoteIn, idempotency_key: str
    ) -> tuple[CreditNote, bool]:
        await find_visible(self._uow, INVOICES, {"_id": invoice_id}, principal, "invoice")

        async def create(tx: Transaction) -> CreditNote:
            invoice = await Invoices(tx).get(invoice_id)
            assert invoice is not None
            try:
                return await self._crediting.credit(
                    tx, invoice, request.amount_excl_vat, request.reason, invoice["job_id"]
                )
            except InvalidDocument as error:
                raise Unprocessable(str(error)) from error

        return await run_idempotent_as(
            CreditNote,
            self._uow,
            scope=f"credit-note:{invoice_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )
