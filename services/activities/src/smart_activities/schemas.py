"""HTTP request and response models of the activities service."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Base64Bytes, BaseModel, ConfigDict, Field, StringConstraints

from smart_activities.domain.reviews import Decision
from smart_common.events.activities import ActivityMode

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class ActivityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    mode: ActivityMode = ActivityMode.CONTRACT
    member_id: Id | None = Field(
        default=None, description="Staff only: the member the activity is opened for"
    )
    counsellor_id: Id | None = Field(
        default=None, description="Staff only: the counsellor following the activity"
    )
    logo: Base64Bytes | None = Field(
        default=None,
        description="PNG or JPEG, base64, at most 200 kB and 2000 × 2000 pixels: the activity's "
        "invoices and quotes show it",
    )


class Activity(BaseModel):
    activity_id: str
    member_id: str
    entity: str
    name: str
    mode: ActivityMode
    counsellor_id: str | None
    currency: str
    opened_on: date
    opened_by_first_job: bool = Field(
        description="True when the member's first job opened it (in contract mode)"
    )
    has_logo: bool = Field(default=False, description="GET …/logo gives it")


class Activities(BaseModel):
    items: list[Activity]


class LedgerLine(BaseModel):
    account: str
    debit: str
    credit: str


class LedgerMovement(BaseModel):
    movement_id: str
    date: date
    kind: str
    label: str
    lines: list[LedgerLine]
    source_event_type: str
    recorded_at: datetime


class Ledger(BaseModel):
    activity_id: str
    currency: str
    items: list[LedgerMovement]
    next: str | None = Field(description="Pass as `after` for the next page; null on the last page")


class Balance(BaseModel):
    activity_id: str
    currency: str
    invoiced: str = Field(description="Invoiced, VAT excluded, less credit notes")
    receivable: str = Field(description="What clients still owe, VAT included")
    received: str = Field(description="What clients paid, VAT excluded")
    contribution: str = Field(description="The cooperative's contribution on what was received")
    salaries: str = Field(description="Employer cost of the payslips")
    expenses: str = Field(description="Expenses reimbursed")
    financing_owed: str = Field(description="Financing still to repay, due or not")
    repaid: str = Field(description="Financing repaid so far, interest included")
    repayments_due: str = Field(description="Financing instalments due and unpaid")
    committed: str = Field(
        description="Kept aside for approved expense notes and salary requests not yet paid"
    )
    available: str = Field(
        description="received − contribution − salaries − expenses − repayments due − committed"
    )
    movements: int


class StatementMonth(BaseModel):
    month: str = Field(description="YYYY-MM")
    revenue: str
    costs: str
    margin: str


class Statement(BaseModel):
    activity_id: str
    currency: str
    from_month: str
    to_month: str
    months: list[StatementMonth]


Money = Annotated[Decimal, Field(max_digits=12, decimal_places=2, ge=0)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ExpenseLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: date
    category: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    supplier: Text
    amount_excl_vat: Money
    vat: Money
    amount_incl_vat: Money


class ExpenseNoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    lines: list[ExpenseLineIn] = Field(min_length=1, max_length=100)


class ExpenseLine(BaseModel):
    date: date
    category: str
    supplier: str
    amount_excl_vat: str
    vat: str
    amount_incl_vat: str


class ReceiptOut(BaseModel):
    receipt_id: str = Field(description="The SHA-256 of its content")
    filename: str
    media_type: str
    size: int
    pages: int | None = None
    width: int | None = None
    height: int | None = None


class NoteEvent(BaseModel):
    status: str
    at: datetime
    by: str
    comment: str | None = None


class ExpenseNote(BaseModel):
    expense_note_id: str
    activity_id: str
    member_id: str
    entity: str
    currency: str
    description: str
    lines: list[ExpenseLine]
    total: str
    status: str = Field(description="draft → submitted → approved | rejected → paid")
    receipts: list[ReceiptOut]
    review_id: str | None = None
    review_reasons: list[str] = Field(
        default_factory=list, description="Why a counsellor looks at it before approval"
    )
    history: list[NoteEvent]
    bank_reference: str | None = None
    reimbursed_by: str | None = Field(
        default=None, description="The salary request whose payslip reimburses it"
    )


class ExpenseNotes(BaseModel):
    items: list[ExpenseNote]


class ExpenseNotePaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bank_reference: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=140)
    ] = Field(description="The reference of the transfer to the member (the bank's end-to-end id)")
    paid_on: date | None = Field(default=None, description="Default: today")


class Review(BaseModel):
    review_id: str
    entity: str
    activity_id: str
    member_id: str
    counsellor_id: str | None
    operation: dict[str, str] = Field(description="{kind, id}: what is reviewed")
    timing: str = Field(
        description="before: it waits for the decision; after: approved at once, controlled "
        "afterwards (the sample)"
    )
    reasons: list[str]
    amount: str
    currency: str
    status: str = Field(description="open or decided")
    decision: str | None = None
    comment: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    created_at: datetime


class Reviews(BaseModel):
    items: list[Review]


class ReviewDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: Decision
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] = ""


class PayeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Text = Field(description="Who the advance is paid to: the supplier, or the member")
    iban: Annotated[str, StringConstraints(min_length=15, max_length=42)]


class FinancingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Annotated[Decimal, Field(max_digits=12, decimal_places=2, gt=0)]
    purpose: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
    months: int = Field(ge=1, le=120)
    payee: PayeeIn


class InstalmentOut(BaseModel):
    number: int
    starts: date
    due: date
    principal: str
    interest: str


class Financing(BaseModel):
    financing_id: str
    activity_id: str
    member_id: str
    entity: str
    currency: str
    amount: str
    purpose: str
    months: int
    annual_rate: str
    payee_name: str
    payee_iban: str = Field(description="Masked: the last four characters")
    status: str = Field(description="requested → repaying → repaid, or rejected / returned")
    review_id: str | None
    instalments: list[InstalmentOut]
    repaid: str
    due_now: str = Field(description="Instalments whose month has started, not yet repaid")
    late: list[int] = Field(description="Numbers of the instalments whose month ended unpaid")
    disbursed_on: date | None
    history: list[NoteEvent]


class Financings(BaseModel):
    items: list[Financing]


class SalaryPeriodIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start_date: date = Field(description="Not before today: the worker is declared first")
    end_date: date
    worked_days: int = Field(ge=1, le=366)


class SalaryRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: SalaryPeriodIn
    amount: Annotated[Decimal, Field(max_digits=12, decimal_places=2, gt=0)] | Literal["all"] = (
        Field(
            description="What the salary's whole cost takes from the budget (the gross is "
            "derived from it by payroll's rules), or `all` for everything available"
        )
    )
    contract_type: Id
    occupation_code: str = Field(pattern=r"^\d{4}$", description="ISCO-08 unit group code")
    description: str = Field(min_length=1, max_length=1000)
    expense_note_ids: list[Id] = Field(
        default_factory=list,
        max_length=50,
        description="Approved expense notes of the activity the payslip reimburses (not taxed)",
    )


class SalaryRequest(BaseModel):
    salary_request_id: str
    activity_id: str
    member_id: str
    entity: str
    currency: str
    period: SalaryPeriodIn
    budget: str = Field(description="What the salary takes from the activity's budget")
    expenses: str = Field(description="The expense notes it reimburses, on top of the budget")
    expense_note_ids: list[str]
    contract_type: str
    occupation_code: str
    description: str
    status: str = Field(
        description="requested → approved → paid, or rejected / returned by the counsellor, "
        "or refused by payroll (reason)"
    )
    reason: str | None = Field(description="Why payroll refused it")
    review_id: str | None
    payslip_id: str | None
    history: list[NoteEvent]


class SalaryRequests(BaseModel):
    items: list[SalaryRequest]


class ParkedEvent(BaseModel):
    event_id: str
    event_type: str
    subject: str
    waits_for: str = Field(description="job:<id> or invoice:<id>: what its posting waits for")
    time: datetime = Field(description="When the event happened")


class ParkedEvents(BaseModel):
    items: list[ParkedEvent]
