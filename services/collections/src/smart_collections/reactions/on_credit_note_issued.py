"""A credit note lowers what the client owes; a fully credited invoice's receivable is
cancelled (no reminder, no guarantee). Kept until the receivable exists when it comes first."""

from __future__ import annotations

from decimal import Decimal

from smart_collections.adapters.repositories import Credits, Receivables
from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.collections import ReceivableAdjusted
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.persistence import Transaction


class OnCreditNoteIssued(EventReaction):
    consumer = "collections-receivables"
    handles = (CreditNoteIssued,)
    raises = (ReceivableAdjusted,)

    def __init__(self, clock: Clock):
        self._clock = clock

    async def handle(self, data: CreditNoteIssued, envelope: Envelope, tx: Transaction) -> None:
        credits = Credits(tx)
        if await credits.exists(data.credit_note_id):
            return
        now = self._clock.now()
        receivables = Receivables(tx)
        receivable = await receivables.of_invoice(data.invoice_id)
        await credits.add(
            {
                "_id": data.credit_note_id,
                "invoice_id": data.invoice_id,
                "job_id": data.job_id,
                "amount": str(data.total_incl_vat),
                "fully_credited": data.fully_credited,
                "applied": receivable is not None,
                "received_at": now,
            }
        )
        if receivable is None:
            return
        receivable.apply_credit(
            data.credit_note_id, Decimal(data.total_incl_vat), data.fully_credited, now
        )
        await receivables.save(receivable)
