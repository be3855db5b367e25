"""Composition root of the invoicing service."""

from __future__ import annotations

from fastapi import FastAPI

from smart_common.asyncapi import build_asyncapi
from smart_common.clock import Clock
from smart_common.events.invoicing import (
    CreditNoteIssued,
    InvoiceIssued,
    InvoiceSent,
    QuoteAccepted,
    QuoteConfirmed,
)
from smart_common.http import create_app
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_invoicing import api, consumers
from smart_invoicing.adapters.channels import (
    DeliveryChannel,
    EmailChannel,
    PeppolAccessPointChannel,
)
from smart_invoicing.adapters.repositories import ensure_indexes
from smart_invoicing.composition import DocumentComposer
from smart_invoicing.container import UseCases
from smart_invoicing.handlers import InvoicingHandlers
from smart_invoicing.quotes import QuoteHandlers
from smart_invoicing.settings import InvoicingSettings

PUBLISHED = (InvoiceIssued, InvoiceSent, CreditNoteIssued, QuoteAccepted, QuoteConfirmed)
DESCRIPTION = (
    "Invoices and credit notes that meet the law: VAT engine, gapless numbers, Peppol BIS 3.0 "
    "UBL, Factur-X, PDFs, delivery over Peppol or e-mail."
)


def asyncapi() -> dict:
    return build_asyncapi(
        service="invoicing",
        description=DESCRIPTION,
        publishes=PUBLISHED,
        consumes=consumers.CONSUMED,
    )


def build_app(
    settings: InvoicingSettings | None = None,
    rules: RuleBook | None = None,
    channels: dict[str, DeliveryChannel] | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or InvoicingSettings()
    runtime = ServiceRuntime(settings, publishes=PUBLISHED, clock=clock)
    composer = DocumentComposer(rules or default_rule_book(), settings, runtime.clock.today())
    handlers = InvoicingHandlers(
        runtime.uow,
        composer,
        channels
        or {
            "email": EmailChannel(settings.smtp_host, settings.smtp_port, settings.mail_from),
            "peppol": PeppolAccessPointChannel(settings.peppol_access_point_url),
        },
        settings,
        runtime.clock,
    )
    runtime.on_indexes(ensure_indexes)
    runtime.worker(
        "invoice-delivery",
        handlers.deliver_pending,
        settings.delivery_interval_seconds,
        wake_on_commit=True,
    )
    quotes = QuoteHandlers(runtime.uow, composer, settings, runtime.clock)
    consumers.subscribe(runtime, handlers, quotes)
    return create_app(
        runtime,
        title="Smart invoicing",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=UseCases(invoices=handlers, quotes=quotes),
    )
