"""Events published by the payroll service."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import EventData
from smart_common.events.erasure import ErasureReport
from smart_common.events.members import JobSnapshot
from smart_common.money import Amount


class ContractGenerated(EventData):
    event_type = "coop.smart.payroll.contract.generated.v1"
    stream = "payroll.contract"
    contract_id: str
    job_id: str
    member_id: str
    entity: str
    contract_type: str
    start_date: date
    end_date: date
    job: JobSnapshot


class LongContractGenerated(EventData):
    """The employment contract of a long contract (its months are paid one by one)."""

    event_type = "coop.smart.payroll.long_contract.generated.v1"
    stream = "payroll.contract"
    contract_id: str
    job_id: str
    """The long contract's id at members (its timeline)."""
    member_id: str
    entity: str
    contract_type: str
    start_date: date
    end_date: date
    months: int


class SalaryContractGenerated(EventData):
    """The employment contract of a salary paid from an activity's budget (no invoice: its
    payslip follows the worker's hiring declaration)."""

    event_type = "coop.smart.payroll.salary_contract.generated.v1"
    stream = "payroll.contract"
    contract_id: str
    job_id: str
    """The salary request's id (its timeline at members)."""
    activity_id: str
    member_id: str
    entity: str
    contract_type: str
    start_date: date
    end_date: date
    budget: Amount


class HiringDeclarationAccepted(EventData):
    """Dimona (BE) or DPAE (FR) accepted by social security (result A or W)."""

    event_type = "coop.smart.payroll.declaration.hiring_accepted.v1"
    stream = "payroll.declaration"
    declaration_id: str
    kind: str
    contract_id: str
    job_id: str
    result: str
    external_id: str


class HiringDeclarationRefused(EventData):
    event_type = "coop.smart.payroll.declaration.hiring_refused.v1"
    stream = "payroll.declaration"
    declaration_id: str
    kind: str
    contract_id: str
    job_id: str
    anomalies: list[str]


class WorkerIdentityCorrected(EventData):
    """A counsellor corrected the worker's national number on a refused hiring declaration
    (e.g. "unknown person"): the member's profile takes the corrected number."""

    event_type = "coop.smart.payroll.worker.identity_corrected.v1"
    stream = "payroll.declaration"
    declaration_id: str
    job_id: str
    member_id: str
    national_register_number: str


class HiringDeclarationCancelled(EventData):
    """The job was cancelled: its hiring declaration was withdrawn (never sent) or cancelled
    with social security (Dimona CANCEL)."""

    event_type = "coop.smart.payroll.declaration.hiring_cancelled.v1"
    stream = "payroll.declaration"
    declaration_id: str
    kind: str
    contract_id: str
    job_id: str
    result: str


class ContractRefused(EventData):
    """Payroll cannot employ the worker for this job as declared (e.g. a student beyond the
    yearly hours): nothing further happens for the job until it is corrected."""

    event_type = "coop.smart.payroll.contract.refused.v1"
    stream = "payroll.contract"
    contract_id: str
    job_id: str
    member_id: str
    reason: str


class PeriodicDeclarationFiled(EventData):
    """A job's pay entered in the periodic declaration of its period (DmfA quarter, DSN month)."""

    event_type = "coop.smart.payroll.declaration.periodic_filed.v1"
    stream = "payroll.declaration"
    declaration_id: str
    line_id: str
    kind: str
    period: str
    contract_id: str
    job_id: str
    payslip_id: str


class PayslipIssued(EventData):
    event_type = "coop.smart.payroll.payslip.issued.v1"
    stream = "payroll.payslip"
    payslip_id: str
    contract_id: str
    job_id: str
    member_id: str
    trigger: str
    gross: Amount
    net: Amount
    expenses_reimbursed: Amount
    currency: str
    employer_cost: Amount | None = None
    """Gross plus the employer's contributions: what the salary costs the member's activity
    (added in place: absent from earlier events)."""


class SalaryPaymentOrdered(EventData):
    event_type = "coop.smart.payroll.salary_payment.ordered.v1"
    stream = "payroll.payslip"
    payment_order_id: str
    payslip_id: str
    job_id: str
    member_id: str
    amount: Amount
    currency: str
    execution_date: date


class SalaryPaid(EventData):
    """The bank confirmed the salary transfer of a payslip (its batch was executed)."""

    event_type = "coop.smart.payroll.salary.paid.v1"
    stream = "payroll.payslip"
    payment_order_id: str
    payslip_id: str
    job_id: str
    member_id: str
    batch_id: str
    amount: Amount
    currency: str


class ContractTypeTerms(BaseModel):
    """What payroll can do with one contract type under the rules in force."""

    model_config = ConfigDict(frozen=True)

    contract_type: str
    payable: bool
    why_not: str | None = None
    """Why payroll cannot pay it (a rate or a rule not configured), when ``payable`` is false."""
    longest_days: int | None = None
    """The longest a job of this type may last, in days; None: open-ended."""
    longest_configured: bool = True
    needs_planned_hours: bool = False
    """Hours are capped per year (a student's 650 hours): the job must plan them."""
    within_one_quarter: bool = False
    """Its hiring declaration covers one quarter at most (a Belgian student's Dimona)."""
    long_contract: bool = False
    """It may be a long contract paid month by month (smoothed salary)."""


class PayrollTermsPublished(EventData):
    """The contract types payroll can pay in an entity from a date: what members checks a
    declaration against, so that members never reads payroll's rules. Published when payroll
    starts with rules it has not published before (one event per date the rules change)."""

    event_type = "coop.smart.payroll.terms.published.v1"
    stream = "payroll.terms"
    entity: str
    effective_from: date
    contract_types: list[ContractTypeTerms]


class PayrollDataExportPart(DataExportChunk):
    event_type = "coop.smart.payroll.data_export.part.v1"
    stream = "payroll.data_export"


class PayrollErasureReport(ErasureReport):
    event_type = "coop.smart.payroll.erasure.reported.v1"
    stream = "payroll.erasure"
