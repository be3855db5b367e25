"""What the payroll service takes and answers over HTTP.

Amounts are decimal strings, dates ISO 8601. The answer models document the fields a client
can rely on and keep the others of the stored document; a worker's national number is shown
masked, never in clear.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from smart_common.money import CentAmount
from smart_common.personal_data import PersonalDataCipher, masked
from smart_common.representation import public_document
from smart_common.text import InputModel
from smart_payroll.workers import WorkerFiles

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"

# --- requests ---------------------------------------------------------------------------


class CorrectionIn(InputModel):
    national_register_number: str | None = Field(default=None, min_length=11, max_length=20)
    planned_hours: int | None = Field(default=None, ge=1, le=744)


class MonthRevenueIn(InputModel):
    amount: CentAmount = Field(ge=Decimal("0"), le=Decimal("10000000"))


class MonthPayslipIn(InputModel):
    month: str = Field(pattern=MONTH, examples=["2027-01"])


class EarlyEndIn(InputModel):
    last_month: str = Field(pattern=MONTH, examples=["2027-03"])
    reason: str = Field(min_length=1, max_length=500)


# --- answers ----------------------------------------------------------------------------


class _Stored(BaseModel):
    """A stored document as shown: the fields declared, and the others kept."""

    model_config = ConfigDict(extra="allow")


class ContractWorker(BaseModel):
    member_id: str
    first_name: str
    last_name: str


class Contract(_Stored):
    """An employment contract: a job's (``term`` fixed) or a long contract's (``long``)."""

    contract_id: str
    job_id: str = Field(description="The job or long contract it employs the member for")
    member_id: str
    entity: str
    contract_type: str
    term: str = Field(description="fixed (a job) or long (months paid one by one)")
    start_date: date
    end_date: date
    occupation_code: str
    worker: ContractWorker
    status: str = Field(description="generated, refused, cancelled or completed")
    refusal: str | None = None
    created_at: datetime

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Contract:
        return cls.model_validate(
            public_document(stored, "contract_id", hidden=("job", "worker_snapshot"))
        )


class MonthShare(BaseModel):
    month: str
    revenue: str
    revenue_is: str = Field(description="actual or forecast")
    budget: str
    paid: bool


class LongContractPlan(_Stored):
    months: list[str]
    forecast: list[str]
    actuals: list[str] = Field(description="Revenue recorded for the months over, in order")
    paid_budgets: list[str]
    monthly_expenses: str
    currency: str
    schedule: list[MonthShare] = Field(description="Each month's budget as known today")
    total_budget: str | None = None
    shortfall: str | None = Field(default=None, description="Above zero: a counsellor reviews")
    to_regularise: str | None = None
    counsellor_review: bool | None = None


class LongContract(Contract):
    """A long contract and its smoothed plan."""

    description: str
    plan: LongContractPlan


class HiringDeclaration(_Stored):
    """A hiring declaration (Dimona, DPAE, a Dimona's cancellation or update) as filed."""

    declaration_id: str
    kind: str
    contract_id: str
    job_id: str
    member_id: str
    entity: str
    status: str = Field(
        description="to_submit, submitting, submitted, accepted, refused or withdrawn"
    )
    body: dict[str, Any] = Field(description="What is sent (the worker's number masked)")
    anomalies: list[str] | None = None
    created_at: datetime

    @classmethod
    def of(cls, stored: dict[str, Any], workers: WorkerFiles) -> HiringDeclaration:
        shown = stored | {"body": workers.masked_body(stored)}
        return cls.model_validate(public_document(shown, "declaration_id"))


class PeriodicDeclarationLine(BaseModel):
    """The contract's line in a periodic declaration (a DmfA quarter, a DSN month)."""

    declaration_id: str
    kind: str
    period: str
    status: str
    contract_id: str
    line: dict[str, Any] = Field(description="The line as declared (the number masked)")


class Declaration(RootModel[HiringDeclaration | PeriodicDeclarationLine]):
    """A hiring declaration, or a line of a periodic declaration."""


class PaymentOrder(_Stored):
    payment_order_id: str
    amount: str
    currency: str
    purpose: str = Field(description="SALA: a salary")
    execution_date: date
    status: str = Field(description="created, batched or paid")
    creditor: dict[str, Any] = Field(description="Name, IBAN (masked) and postal address")


class Payslip(_Stored):
    """A payslip with every figure and the rules it applied."""

    payslip_id: str
    contract_id: str
    job_id: str
    member_id: str
    entity: str
    year: int
    period: dict[str, date]
    trigger: str = Field(description="What paid it: payment_received, salary_guaranteed…")
    currency: str
    figures: dict[str, Any]
    cumulative: dict[str, str] = Field(description="The year to date")
    tax_situation: dict[str, Any]
    rule_pack: dict[str, Any] = Field(description="The pack's version and each rule's source")
    issued_at: datetime
    payment_order: PaymentOrder | None = None

    @classmethod
    def of(
        cls, stored: dict[str, Any], order: dict[str, Any] | None, cipher: PersonalDataCipher
    ) -> Payslip:
        shown = public_document(stored, "payslip_id")
        if order is not None:
            iban = masked(cipher.open(order["creditor"]["iban"], order["member_id"]))
            order = order | {"creditor": order["creditor"] | {"iban": iban}}
            shown["payment_order"] = public_document(order, "payment_order_id")
        return cls.model_validate(shown)


class Regularisation(RootModel[Payslip | LongContract]):
    """The last payslip paying what the activity brought beyond the salaries paid, or, when
    nothing is left to pay, the long contract as completed."""


class PeriodicDeclaration(BaseModel):
    declaration_id: str
    entity: str
    kind: str = Field(description="dmfa_quarterly or dsn_monthly")
    period: str
    status: str
    lines: int
    total_gross: str
    total_employee_contribution: str
    total_employer_contribution: str

    @classmethod
    def of(cls, declaration: dict[str, Any]) -> PeriodicDeclaration:
        def amount(cents: str) -> str:
            return f"{Decimal(declaration[cents]) / 100:.2f}"

        return cls(
            declaration_id=declaration["_id"],
            entity=declaration["entity"],
            kind=declaration["kind"],
            period=declaration["period"],
            status=declaration["status"],
            lines=declaration["lines"],
            total_gross=amount("total_gross_cents"),
            total_employee_contribution=amount("total_employee_contribution_cents"),
            total_employer_contribution=amount("total_employer_contribution_cents"),
        )


class PaymentBatch(_Stored):
    """A SEPA batch of salary payments: created → exported → confirmed."""

    batch_id: str
    entity: str
    message_id: str
    orders: list[str]
    number_of_transactions: int
    control_sum: str
    currency: str
    status: str
    created_at: datetime
    created_by: str
    left_out: list[dict[str, str]] = Field(description="Orders left out, and why")

    @classmethod
    def of(cls, stored: dict[str, Any]) -> PaymentBatch:
        return cls.model_validate(public_document(stored, "batch_id"))


class Simulation(_Stored):
    """A salary simulated from the member's view (amount invoiced) or payroll's (a gross)."""

    entity: str
    contract_type: str
    date: date
    currency: str
    view: str = Field(description="member or payroll")
    gross: str
    net: str
    employer_cost: str
    rule_pack: dict[str, Any]


class PlannedMonth(BaseModel):
    month: str
    revenue: str
    revenue_is: str
    budget: str
    gross: str
    net: str
    employer_cost: str


class SalaryPlan(BaseModel):
    entity: str
    contract_type: str
    total_budget: str
    shortfall: str
    to_regularise: str
    counsellor_review: bool
    months: list[PlannedMonth]
