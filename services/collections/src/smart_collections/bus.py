"""Everything the collections service does, registered once: what it publishes and consumes
(its topics, its AsyncAPI document) is derived from here."""

from __future__ import annotations

from dataclasses import dataclass

from smart_collections.queries import CollectionsQueries
from smart_collections.reactions.on_credit_note_issued import OnCreditNoteIssued
from smart_collections.reactions.on_data_export_requested import OnDataExportRequested
from smart_collections.reactions.on_erasure_requested import OnErasureRequested
from smart_collections.reactions.on_invoice_sent import OnInvoiceSent
from smart_collections.reactions.on_reminder_sent import OnReminderSent
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
from smart_common.bus import Catalogue

CATALOGUE = Catalogue(
    use_cases=(
        RecordPayment,
        ImportBankStatement,
        AssignPayment,
        RunGuarantee,
        ProposeWriteOff,
        DecideWriteOff,
        RunReminders,
        DisputeReceivable,
        WorkOnCase,
        AgreePaymentPlan,
        RefundClient,
        ExportCaseFile,
    ),
    reactions=(
        OnInvoiceSent,
        OnReminderSent,
        OnCreditNoteIssued,
        OnDataExportRequested,
        OnErasureRequested,
    ),
)


@dataclass(frozen=True)
class Collections:
    """What the routes reach: the use cases and the read side (one typed dependency)."""

    record_payment: RecordPayment
    import_bank_statement: ImportBankStatement
    assign_payment: AssignPayment
    run_guarantee: RunGuarantee
    propose_write_off: ProposeWriteOff
    decide_write_off: DecideWriteOff
    run_reminders: RunReminders
    dispute: DisputeReceivable
    work_on_case: WorkOnCase
    agree_payment_plan: AgreePaymentPlan
    refund: RefundClient
    export_case_file: ExportCaseFile
    queries: CollectionsQueries
