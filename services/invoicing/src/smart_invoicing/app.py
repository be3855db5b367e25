"""Composition root of the invoicing service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from smart_common.clock import Clock
from smart_common.http import create_app
from smart_common.member_erasure import ErasureSweep
from smart_common.rulepacks import RuleBook, check_strategies, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_invoicing import api
from smart_invoicing.adapters.channels import (
    DeliveryChannel,
    EmailChannel,
    PeppolAccessPointChannel,
)
from smart_invoicing.adapters.repositories import ensure_indexes
from smart_invoicing.bus import CATALOGUE, Invoicing
from smart_invoicing.composition import DocumentComposer
from smart_invoicing.countries.registry import STRATEGIES
from smart_invoicing.job_invoices import JobInvoices
from smart_invoicing.queries import InvoicingQueries
from smart_invoicing.reactions.on_activity_updated import OnActivityUpdated
from smart_invoicing.reactions.on_client_registered import OnClientRegistered
from smart_invoicing.reactions.on_contract_generated import OnContractGenerated
from smart_invoicing.reactions.on_data_export_requested import OnDataExportRequested
from smart_invoicing.reactions.on_erasure_requested import ERASABLES, OnErasureRequested
from smart_invoicing.reactions.on_hiring_accepted import OnHiringAccepted
from smart_invoicing.reactions.on_job_cancelled import OnJobCancelled
from smart_invoicing.reactions.on_job_declared import OnJobDeclared
from smart_invoicing.reactions.on_reminder_issued import OnReminderIssued
from smart_invoicing.reactions.on_settlement import OnSettlement
from smart_invoicing.settings import InvoicingSettings
from smart_invoicing.use_cases.accept_quote import AcceptQuote
from smart_invoicing.use_cases.confirm_quote import ConfirmQuote
from smart_invoicing.use_cases.crediting import Crediting
from smart_invoicing.use_cases.decide_credit_note_request import DecideCreditNoteRequest
from smart_invoicing.use_cases.deliver_documents import DeliverDocuments
from smart_invoicing.use_cases.issue_credit_note import IssueCreditNote
from smart_invoicing.use_cases.prepare_quote import PrepareQuote
from smart_invoicing.use_cases.send_quote import SendQuote

DESCRIPTION = (
    "Invoices and credit notes that meet the law: VAT engine, gapless numbers, Peppol BIS 3.0 "
    "UBL, Factur-X, PDFs, delivery over Peppol or e-mail."
)


def asyncapi() -> dict[str, Any]:
    return CATALOGUE.asyncapi(service="invoicing", description=DESCRIPTION)


def build_app(
    settings: InvoicingSettings | None = None,
    rules: RuleBook | None = None,
    channels: dict[str, DeliveryChannel] | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or InvoicingSettings()
    runtime = ServiceRuntime(settings, publishes=CATALOGUE.published, clock=clock)
    uow, clock = runtime.uow, runtime.clock
    rules = rules or default_rule_book()
    check_strategies(rules, STRATEGIES)
    composer = DocumentComposer(rules, settings, clock.today())
    secret = settings.quote_link_key.get_secret_value()
    deliver = DeliverDocuments(
        uow,
        channels
        or {
            "email": EmailChannel(settings.smtp_host, settings.smtp_port, settings.mail_from),
            "peppol": PeppolAccessPointChannel(settings.peppol_access_point_url),
        },
        settings.delivery_max_attempts,
        clock,
    )
    crediting = Crediting(clock)
    queries = InvoicingQueries(uow, secret, clock)
    invoicing = Invoicing(
        issue_credit_note=IssueCreditNote(uow, crediting, clock),
        decide_credit_note_request=DecideCreditNoteRequest(uow, crediting, clock),
        prepare_quote=PrepareQuote(uow, composer, settings.quote_validity_days, clock),
        send_quote=SendQuote(
            uow, settings.public_base_url, secret, clock, settings.quote_sendings_per_hour
        ),
        accept_quote=AcceptQuote(uow, queries, clock),
        confirm_quote=ConfirmQuote(uow, clock),
        queries=queries,
    )
    job_invoices = JobInvoices(composer, settings.seller_country, clock)
    CATALOGUE.subscribe(
        runtime,
        [
            OnContractGenerated(job_invoices),
            OnJobDeclared(job_invoices),
            OnHiringAccepted(clock),
            OnJobCancelled(crediting, clock),
            OnReminderIssued(clock),
            OnClientRegistered(),
            OnActivityUpdated(),
            OnSettlement(),
            OnDataExportRequested(runtime.personal_data),
            OnErasureRequested(rules, clock, runtime.personal_data),
        ],
    )
    runtime.on_indexes(ensure_indexes)
    runtime.worker(
        "erasure-sweep", ErasureSweep(uow, clock, ERASABLES).sweep, settings.erasure_sweep_seconds
    )
    runtime.worker(
        "invoice-delivery", deliver, settings.delivery_interval_seconds, wake_on_commit=True
    )
    return create_app(
        runtime,
        title="Smart invoicing",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=invoicing,
    )
