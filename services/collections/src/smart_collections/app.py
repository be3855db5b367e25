"""Composition root of the collections service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from smart_collections import api
from smart_collections.adapters.bank_statements import ensure_statement_indexes
from smart_collections.adapters.invoicing_documents import InvoicingDocuments, InvoicingOverHttp
from smart_collections.adapters.repositories import ensure_indexes
from smart_collections.bus import CATALOGUE, Collections
from smart_collections.queries import CollectionsQueries
from smart_collections.reactions.on_credit_note_issued import OnCreditNoteIssued
from smart_collections.reactions.on_data_export_requested import OnDataExportRequested
from smart_collections.reactions.on_erasure_requested import ERASABLES, OnErasureRequested
from smart_collections.reactions.on_invoice_sent import OnInvoiceSent
from smart_collections.reactions.on_reminder_sent import OnReminderSent
from smart_collections.settings import CollectionsSettings
from smart_collections.use_cases.agree_payment_plan import AgreePaymentPlan
from smart_collections.use_cases.assign_payment import AssignPayment
from smart_collections.use_cases.decide_write_off import DecideWriteOff
from smart_collections.use_cases.dispute_receivable import DisputeReceivable
from smart_collections.use_cases.export_case_file import ExportCaseFile
from smart_collections.use_cases.import_bank_statement import ImportBankStatement
from smart_collections.use_cases.propose_write_off import ProposeWriteOff
from smart_collections.use_cases.record_payment import RecordPayment
from smart_collections.use_cases.refund import RefundClient
from smart_collections.use_cases.run_guarantee import RunGuarantee
from smart_collections.use_cases.run_reminders import RunReminders
from smart_collections.use_cases.work_on_case import WorkOnCase
from smart_common.clock import Clock
from smart_common.http import create_app
from smart_common.member_erasure import ErasureSweep
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_common.settings import Environment

DESCRIPTION = (
    "Receivables, bank statements and payments matched by reference, the salary guarantee "
    "and the guarantee fund's books."
)


def asyncapi() -> dict[str, Any]:
    return CATALOGUE.asyncapi(service="collections", description=DESCRIPTION)


def build_app(
    settings: CollectionsSettings | None = None,
    rules: RuleBook | None = None,
    clock: Clock | None = None,
    invoicing_documents: InvoicingDocuments | None = None,
) -> FastAPI:
    settings = settings or CollectionsSettings()
    runtime = ServiceRuntime(settings, publishes=CATALOGUE.published, clock=clock)
    uow, clock = runtime.uow, runtime.clock
    rules = rules or default_rule_book()
    development = settings.environment is Environment.DEVELOPMENT
    guarantee = RunGuarantee(uow, clock, settings.entity, development)
    reminders = RunReminders(uow, clock, rules, settings.entity, development)
    collections = Collections(
        record_payment=RecordPayment(uow, clock),
        import_bank_statement=ImportBankStatement(uow, clock, settings.bank_statement_max_bytes),
        assign_payment=AssignPayment(uow, clock),
        run_guarantee=guarantee,
        propose_write_off=ProposeWriteOff(uow, clock),
        decide_write_off=DecideWriteOff(uow, clock),
        run_reminders=reminders,
        dispute=DisputeReceivable(uow, clock),
        work_on_case=WorkOnCase(uow, clock),
        agree_payment_plan=AgreePaymentPlan(uow, clock),
        refund=RefundClient(uow, clock, settings),
        export_case_file=ExportCaseFile(
            uow, invoicing_documents or InvoicingOverHttp(settings.invoicing_url)
        ),
        queries=CollectionsQueries(uow, clock),
    )
    CATALOGUE.subscribe(
        runtime,
        [
            OnInvoiceSent(rules, clock),
            OnReminderSent(clock),
            OnCreditNoteIssued(clock),
            OnDataExportRequested(runtime.personal_data),
            OnErasureRequested(rules, clock, runtime.personal_data),
        ],
    )
    runtime.on_indexes(ensure_indexes)
    runtime.on_indexes(ensure_statement_indexes)
    runtime.worker(
        "erasure-sweep", ErasureSweep(uow, clock, ERASABLES).sweep, settings.erasure_sweep_seconds
    )
    runtime.worker("salary-guarantee", guarantee, settings.guarantee_interval_seconds)
    runtime.worker("reminders", reminders, settings.reminder_interval_seconds)
    return create_app(
        runtime,
        title="Smart collections",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=collections,
        # the multipart envelope around the largest statement accepted; the use case says
        # with a 422 when the file itself is too large
        larger_bodies={"/v1/bank-statements": settings.bank_statement_max_bytes + 1024 * 1024},
    )
