"""Composition root of the activities service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from smart_activities import api, expense_notes_api, financing_api, salary_requests_api
from smart_activities.adapters.receipt_store import GridFsReceipts, ReceiptStore
from smart_activities.adapters.repositories import ensure_indexes
from smart_activities.attachments import JobAttachment
from smart_activities.books import Books
from smart_activities.bus import CATALOGUE, ActivitiesContainer
from smart_activities.expense_notes_api import RECEIPTS_BODY_BYTES, RECEIPTS_PATH
from smart_activities.late_repayments import LateRepayments
from smart_activities.queries import ActivitiesQueries
from smart_activities.reactions.on_contract_refused import OnContractRefused
from smart_activities.reactions.on_credit_note_issued import OnCreditNoteIssued
from smart_activities.reactions.on_data_export_requested import OnDataExportRequested
from smart_activities.reactions.on_erasure_requested import ERASABLES, OnErasureRequested
from smart_activities.reactions.on_invoice_issued import OnInvoiceIssued
from smart_activities.reactions.on_job_cancelled import OnJobCancelled
from smart_activities.reactions.on_job_declared import OnJobDeclared
from smart_activities.reactions.on_long_contract_declared import OnLongContractDeclared
from smart_activities.reactions.on_payment_applied import OnPaymentApplied
from smart_activities.reactions.on_payslip_issued import OnPayslipIssued
from smart_activities.repayments import Repayments
from smart_activities.settings import ActivitiesSettings
from smart_activities.transfers import AdvanceTransfers
from smart_activities.use_cases.attach_receipt import AttachReceipt
from smart_activities.use_cases.decide_review import DecideReview
from smart_activities.use_cases.draft_expense_note import DraftExpenseNote
from smart_activities.use_cases.open_activity import OpenActivity
from smart_activities.use_cases.pay_expense_note import PayExpenseNote
from smart_activities.use_cases.repay_financing_early import RepayFinancingEarly
from smart_activities.use_cases.request_financing import RequestFinancing
from smart_activities.use_cases.request_salary import RequestSalary
from smart_activities.use_cases.submit_expense_note import SubmitExpenseNote
from smart_common.clock import Clock
from smart_common.http import create_app
from smart_common.member_erasure import ErasureSweep
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime

DESCRIPTION = (
    "A member's activities and their books in double entry, fed by the events of their jobs: "
    "invoices, payments, credit notes, payslips."
)


def asyncapi() -> dict[str, Any]:
    return CATALOGUE.asyncapi(service="activities", description=DESCRIPTION)


def build_app(
    settings: ActivitiesSettings | None = None,
    rules: RuleBook | None = None,
    clock: Clock | None = None,
    receipt_store: ReceiptStore | None = None,
) -> FastAPI:
    settings = settings or ActivitiesSettings()
    runtime = ServiceRuntime(settings, publishes=CATALOGUE.published, clock=clock)
    uow, clock, rules = runtime.uow, runtime.clock, rules or default_rule_book()
    repayments = Repayments(clock)
    books = Books(rules, clock, repayments)
    attachment = JobAttachment(books, clock)
    receipts = receipt_store or GridFsReceipts(uow)
    container = ActivitiesContainer(
        open_activity=OpenActivity(uow, rules, clock),
        draft_expense_note=DraftExpenseNote(uow, rules, clock),
        attach_receipt=AttachReceipt(uow, receipts),
        submit_expense_note=SubmitExpenseNote(uow, rules, clock),
        decide_review=DecideReview(uow, clock),
        pay_expense_note=PayExpenseNote(uow, clock),
        request_financing=RequestFinancing(uow, rules, clock, runtime.personal_data),
        repay_financing_early=RepayFinancingEarly(uow, repayments, clock),
        request_salary=RequestSalary(uow, rules, clock),
        queries=ActivitiesQueries(
            uow, clock, receipts, AdvanceTransfers(settings, runtime.personal_data)
        ),
    )
    CATALOGUE.subscribe(
        runtime,
        [
            OnJobDeclared(attachment),
            OnLongContractDeclared(attachment),
            OnInvoiceIssued(books),
            OnPaymentApplied(books),
            OnCreditNoteIssued(books),
            OnPayslipIssued(books),
            OnContractRefused(),
            OnJobCancelled(),
            OnDataExportRequested(runtime.personal_data),
            OnErasureRequested(rules, clock, runtime.personal_data),
        ],
    )
    runtime.on_indexes(ensure_indexes)
    runtime.worker(
        "late-repayments", LateRepayments(uow, clock).run, settings.late_repayments_seconds
    )
    runtime.worker(
        "erasure-sweep", ErasureSweep(uow, clock, ERASABLES).sweep, settings.erasure_sweep_seconds
    )
    return create_app(
        runtime,
        title="Smart activities",
        description=DESCRIPTION,
        routers=[
            api.router,
            expense_notes_api.router,
            financing_api.router,
            salary_requests_api.router,
        ],
        larger_bodies={RECEIPTS_PATH: RECEIPTS_BODY_BYTES},
        asyncapi=asyncapi(),
        container=container,
    )
