"""Everything the activities service does, registered once: what it publishes (its topics,
its AsyncAPI document) is derived from here."""

from __future__ import annotations

from dataclasses import dataclass

from smart_activities.queries import ActivitiesQueries
from smart_activities.reactions.on_contract_refused import OnContractRefused
from smart_activities.reactions.on_credit_note_issued import OnCreditNoteIssued
from smart_activities.reactions.on_data_export_requested import OnDataExportRequested
from smart_activities.reactions.on_erasure_requested import OnErasureRequested
from smart_activities.reactions.on_invoice_issued import OnInvoiceIssued
from smart_activities.reactions.on_job_cancelled import OnJobCancelled
from smart_activities.reactions.on_job_declared import OnJobDeclared
from smart_activities.reactions.on_long_contract_declared import OnLongContractDeclared
from smart_activities.reactions.on_payment_applied import OnPaymentApplied
from smart_activities.reactions.on_payslip_issued import OnPayslipIssued
from smart_activities.use_cases.attach_receipt import AttachReceipt
from smart_activities.use_cases.decide_review import DecideReview
from smart_activities.use_cases.draft_expense_note import DraftExpenseNote
from smart_activities.use_cases.open_activity import OpenActivity
from smart_activities.use_cases.pay_expense_note import PayExpenseNote
from smart_activities.use_cases.repay_financing_early import RepayFinancingEarly
from smart_activities.use_cases.request_financing import RequestFinancing
from smart_activities.use_cases.request_salary import RequestSalary
from smart_activities.use_cases.submit_expense_note import SubmitExpenseNote
from smart_common.bus import Catalogue

CATALOGUE = Catalogue(
    use_cases=(
        OpenActivity,
        DraftExpenseNote,
        AttachReceipt,
        SubmitExpenseNote,
        DecideReview,
        PayExpenseNote,
        RequestFinancing,
        RepayFinancingEarly,
        RequestSalary,
    ),
    reactions=(
        OnJobDeclared,
        OnLongContractDeclared,
        OnInvoiceIssued,
        OnPaymentApplied,
        OnCreditNoteIssued,
        OnPayslipIssued,
        OnContractRefused,
        OnJobCancelled,
        OnDataExportRequested,
        OnErasureRequested,
    ),
)


@dataclass(frozen=True)
class ActivitiesContainer:
    """What the routes reach: the use cases and the read side (one typed dependency)."""

    open_activity: OpenActivity
    draft_expense_note: DraftExpenseNote
    attach_receipt: AttachReceipt
    submit_expense_note: SubmitExpenseNote
    decide_review: DecideReview
    pay_expense_note: PayExpenseNote
    request_financing: RequestFinancing
    repay_financing_early: RepayFinancingEarly
    request_salary: RequestSalary
    queries: ActivitiesQueries
