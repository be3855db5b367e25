"""Event subscriptions of the collections service."""

from __future__ import annotations

from smart_collections.handlers import CollectionsHandlers
from smart_common.events.invoicing import InvoiceSent
from smart_common.runtime import ServiceRuntime

CONSUMED = (InvoiceSent,)


def subscribe(runtime: ServiceRuntime, handlers: CollectionsHandlers) -> None:
    runtime.consumer("collections-receivables").on(InvoiceSent, handlers.on_invoice_sent)
