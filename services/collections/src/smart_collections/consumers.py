"""Event subscriptions of the collections service."""

from __future__ import annotations

from smart_collections.handlers import CollectionsHandlers
from smart_common.events.invoicing import CreditNoteIssued, InvoiceSent
from smart_common.runtime import ServiceRuntime

CONSUMED = (InvoiceSent, CreditNoteIssued)


def subscribe(runtime: ServiceRuntime, handlers: CollectionsHandlers) -> None:
    receivables = runtime.consumer("collections-receivables")
    receivables.on(InvoiceSent, handlers.on_invoice_sent)
    receivables.on(CreditNoteIssued, handlers.on_credit_note_issued)
