"""Correcting an invoice by a credit note, full or partial: shared by the member's or staff's
request and by a job's cancellation."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from smart_common.clock import Clock
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.numbering import next_number
from smart_common.persistence import RetryableConflict, Transaction
from smart_invoicing.adapters.repositories import CreditNotes, Invoices
from smart_invoicing.documents.rendering import document_of
from smart_invoicing.domain.content import compose_credit_note
from smart_invoicing.domain.document import Document, to_stored
from smart_invoicing.schemas import CreditNote


class Crediting:
    def __init__(self, clock: Clock):
        self._clock = clock

    def preview(self, invoice: dict[str, Any], amount: Decimal | None, reason: str) -> Document:
        """The credit note as it would be issued today, unnumbered; raises
        ``InvalidDocument`` for a credit the invoice cannot take."""
        return compose_credit_note(
            document_of(invoice),
            number="(not issued)",
            issue_date=self._clock.today(),
            amount_excl_vat=amount,
            already_credited_excl_vat=Decimal(invoice["credited_excl_vat"]),
            reason=reason,
        )

    async def credit(
        self,
        tx: Transaction,
        invoice: dict[str, Any],
        amount: Decimal | None,
        reason: str,
        correlation_id: str,
    ) -> CreditNote:
        """Issue the credit note (``amount`` excl. VAT; None: what is left on the invoice) and
        record it on the invoice; raises ``InvalidDocument`` for a credit the invoice cannot
        take."""
        issue_date = self._clock.today()
        series = f"{invoice['entity']}-CN-{issue_date.year}"
        original = document_of(invoice)
        credited = Decimal(invoice["credited_excl_vat"])
        sequence = await next_number(tx, series)
        number = f"{invoice['entity']}{issue_date.year}-CN{sequence:06d}"
        note = compose_credit_note(
            original,
            number=number,
            issue_date=issue_date,
            amount_excl_vat=amount,
            already_credited_excl_vat=credited,
            reason=reason,
        )
        credited += note.total_excl_vat
        fully = credited == original.total_excl_vat
        withdrawn = invoice["delivery"]["status"] in ("awaiting_hiring_declaration", "withdrawn")
        changes: dict[str, Any] = {
            "credited_excl_vat": str(credited),
            "status": "credited" if fully else invoice["status"],
        }
        if withdrawn and fully:
            changes["delivery.status"] = "withdrawn"
        if not await Invoices(tx).credit(invoice, changes):
            raise RetryableConflict(f"invoice {invoice['number']} was credited meanwhile")
        stored = to_stored(note)
        stored.pop("logo")
        credit_note_id = str(uuid.uuid4())
        credit_note = {
            "_id": credit_note_id,
            "number": number,
            "series": series,
            "invoice_id": invoice["_id"],
            "invoice_number": invoice["number"],
            "job_id": invoice["job_id"],
            "member_id": invoice["member_id"],
            "entity": invoice["entity"],
            "client_id": invoice["client_id"],
            "issue_date": issue_date.isoformat(),
            "currency": note.currency,
            "total_excl_vat": str(note.total_excl_vat),
            "total_vat": str(note.total_vat),
            "total_incl_vat": str(note.total_incl_vat),
            "reason": reason,
            "language": note.language,
            "status": "issued",
            "document": stored,
            "logo": invoice.get("logo"),
            "delivery": {
                "channel": invoice["delivery"]["channel"],
                "status": "not_required" if withdrawn else "pending",
                "attempts": 0,
                "next_attempt_at": self._clock.now(),
            },
            "traceparent": invoice.get("traceparent"),
            "created_at": self._clock.now(),
        }
        await CreditNotes(tx).add(credit_note)
        await tx.record_event(
            CreditNoteIssued(
                credit_note_id=credit_note_id,
                number=number,
                invoice_id=invoice["_id"],
                invoice_number=invoice["number"],
                job_id=invoice["job_id"],
                member_id=invoice["member_id"],
                entity=invoice["entity"],
                issue_date=issue_date,
                total_excl_vat=note.total_excl_vat,
                total_vat=note.total_vat,
                total_incl_vat=note.total_incl_vat,
                currency=note.currency,
                fully_credited=fully,
                reason=reason,
            ),
            subject=credit_note_id,
            entity=invoice["entity"],
            correlation_id=correlation_id,
            traceparent=invoice.get("traceparent"),
        )
        return CreditNote.of(credit_note)
