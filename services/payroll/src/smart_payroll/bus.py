"""Everything the payroll service does, registered once: what it publishes and consumes (its
topics, its AsyncAPI document) is derived from here."""

from __future__ import annotations

from dataclasses import dataclass

from smart_common.bus import Catalogue
from smart_payroll.queries import PayrollQueries
from smart_payroll.reactions.on_data_export_requested import OnDataExportRequested
from smart_payroll.reactions.on_erasure_requested import OnErasureRequested
from smart_payroll.reactions.on_hiring_accepted import OnHiringAccepted
from smart_payroll.reactions.on_job_cancelled import OnJobCancelled
from smart_payroll.reactions.on_job_declared import OnJobDeclared
from smart_payroll.reactions.on_long_contract_declared import OnLongContractDeclared
from smart_payroll.reactions.on_payment_received import OnPaymentReceived
from smart_payroll.reactions.on_salary_guaranteed import OnSalaryGuaranteed
from smart_payroll.reactions.on_salary_request_declared import OnSalaryRequestDeclared
from smart_payroll.use_cases.confirm_payment_batch import ConfirmPaymentBatch
from smart_payroll.use_cases.create_payment_batch import CreatePaymentBatch
from smart_payroll.use_cases.end_long_contract_early import EndLongContractEarly
from smart_payroll.use_cases.export_payment_batch import ExportPaymentBatch
from smart_payroll.use_cases.pay_month import PayMonth
from smart_payroll.use_cases.process_hiring_declarations import ProcessHiringDeclarations
from smart_payroll.use_cases.publish_terms import PublishTerms
from smart_payroll.use_cases.record_month_revenue import RecordMonthRevenue
from smart_payroll.use_cases.regularise_long_contract import RegulariseLongContract
from smart_payroll.use_cases.resubmit_declaration import ResubmitDeclaration

CATALOGUE = Catalogue(
    use_cases=(
        ProcessHiringDeclarations,
        ResubmitDeclaration,
        CreatePaymentBatch,
        ExportPaymentBatch,
        ConfirmPaymentBatch,
        RecordMonthRevenue,
        PayMonth,
        EndLongContractEarly,
        RegulariseLongContract,
        PublishTerms,
    ),
    reactions=(
        OnJobDeclared,
        OnJobCancelled,
        OnLongContractDeclared,
        OnSalaryRequestDeclared,
        OnHiringAccepted,
        OnPaymentReceived,
        OnSalaryGuaranteed,
        OnDataExportRequested,
        OnErasureRequested,
    ),
)


@dataclass(frozen=True)
class Payroll:
    """What the routes reach: the use cases and the read side (one typed dependency)."""

    resubmit_declaration: ResubmitDeclaration
    create_payment_batch: CreatePaymentBatch
    export_payment_batch: ExportPaymentBatch
    confirm_payment_batch: ConfirmPaymentBatch
    record_month_revenue: RecordMonthRevenue
    pay_month: PayMonth
    end_long_contract_early: EndLongContractEarly
    regularise_long_contract: RegulariseLongContract
    queries: PayrollQueries
