"""What the collections service answers over HTTP.

Amounts are decimal strings, as everywhere in the suite. The models document the fields a
client can rely on and keep any other field of the stored document.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from smart_common.money import CentAmount, Currency
from smart_common.text import InputModel


class PaymentIn(InputModel):
    amount: CentAmount = Field(gt=Decimal("0"))
    currency: Currency
    reference: str = Field(min_length=1, max_length=140, description="Structured communication")
    value_date: date
    debtor_name: str | None = Field(default=None, max_length=140)
    debtor_iban: str | None = Field(default=None, max_length=42)
    bank_reference: str | None = Field(
        default=None,
        min_length=1,
        max_length=35,
        description="The bank's reference of the transaction (camt AcctSvcrRef): recording "
        "the same bank line twice records it once; required without an Idempotency-Key",
    )


class Assignment(InputModel):
    receivable_id: str = Field(min_length=1, max_length=100)


class GuaranteeRun(InputModel):
    as_of: date | None = None


class Receivable(BaseModel):
    """What a client owes for an invoice, and what came in against it; ``overpaid`` (a
    decimal string) appears when more was paid than owed."""

    model_config = ConfigDict(extra="allow")
    receivable_id: str
    invoice_id: str
    invoice_number: str
    job_id: str
    member_id: str
    client_id: str
    entity: str
    amount: str = Field(description="The invoice's total including VAT")
    paid: str
    credited: str
    currency: str
    payment_reference: str = Field(description="The structured communication to pay with")
    due_date: date
    guarantee_date: date = Field(description="The day the guarantee fund pays the salary")
    status: str = Field(
        description="open, partially_paid, paid, guaranteed, written_off or cancelled"
    )
    guaranteed_at: datetime | None = None
    fund_advanced: str | None = Field(
        default=None, description="Guaranteed: what the guarantee fund advanced on it"
    )
    fund_recovered: str | None = Field(
        default=None, description="What later payments gave the fund back"
    )
    written_off: str | None = Field(
        default=None, description="The fund's loss on it (written off, not paid back since)"
    )
    settled_at: datetime | None = None
    opened_at: datetime
    version: int | None = Field(default=None, description="Changes with every change to it")


class Proposal(BaseModel):
    """The receivable an unmatched payment probably pays, for staff to confirm by assigning."""

    receivable_id: str
    invoice_number: str | None
    basis: Literal["amount", "amount and debtor"] = Field(
        description="The only open receivable of the amount, or of the amount and of the client "
        "this debtor's account paid for before"
    )


class Payment(BaseModel):
    """A payment the bank reported, matched to its receivable or waiting for staff.

    Once matched it also names ``invoice_id`` and ``job_id``; unmatched, ``unmatched_reason``
    says why and ``proposal`` names the receivable it probably pays, if one fits."""

    model_config = ConfigDict(extra="allow")
    proposal: Proposal | None = None
    payment_id: str
    entity: str
    amount: str
    currency: str
    reference: str | None = None
    value_date: date
    debtor_name: str | None = None
    recorded_by: str
    recorded_at: datetime
    status: str = Field(description="matched or unmatched")
    receivable_id: str | None = None


class GuaranteeRunOutcome(BaseModel):
    as_of: date
    guaranteed_receivables: list[str] = Field(description="The receivables this run guaranteed")


class BankStatement(BaseModel):
    """An imported statement: its account, balances (reconciled) and how its lines matched."""

    statement_id: str
    format: str = Field(description="camt.053.001.02, camt.053.001.04 or camt.053.001.08")
    account: str = Field(description="The account's IBAN")
    bank_statement_id: str = Field(description="The bank's id of the statement")
    sequence: str | None = Field(description="The bank's sequence number of the statement")
    statement_date: date
    currency: str
    opening_balance: str
    closing_balance: str
    line_count: int
    matched: int = Field(description="Credit lines matched to a receivable (wholly or partly)")
    unmatched: int = Field(description="Credit lines waiting for staff")
    ignored: int = Field(description="Debit lines: recorded, owed by nobody")
    imported_by: str
    imported_at: datetime


class StatementLineOut(BaseModel):
    index: int
    amount: str
    currency: str
    direction: str = Field(description="credit or debit")
    value_date: date
    counterparty: str | None
    counterparty_iban: str | None
    reference: str | None = Field(description="The structured reference, else the free text")
    bank_reference: str | None
    status: str = Field(description="matched, partially_matched, unmatched or ignored")
    unmatched_reason: str | None = None
    receivable_id: str | None = Field(description="The receivable it went to")
    payment_id: str | None


class BankStatementWithLines(BankStatement):
    lines: list[StatementLineOut]


class WriteOffIn(InputModel):
    reason: str = Field(
        min_length=3, max_length=500, description="Why nobody will pay (kept with the decision)"
    )


class WriteOffDecision(InputModel):
    decision: Literal["approve", "reject"]
    comment: str | None = Field(default=None, max_length=500)


class WriteOff(BaseModel):
    """A write-off proposed by staff and decided by another administrator (four eyes):
    ``amount`` is the fund's advance not recovered, the loss once approved."""

    write_off_id: str
    receivable_id: str
    invoice_number: str | None
    amount: Decimal
    currency: str
    reason: str
    status: Literal["proposed", "approved", "rejected"]
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    comment: str | None


class FundMovementLine(BaseModel):
    account: Literal["fund_cash", "advances", "losses"]
    amount: Decimal = Field(description="Debit positive, credit negative")


class FundMovement(BaseModel):
    movement_id: str
    kind: Literal["advanced", "recovered", "written_off", "loss_reversed"]
    receivable_id: str
    invoice_number: str | None
    amount: Decimal
    currency: str
    at: datetime
    lines: list[FundMovementLine]


class FundBooks(BaseModel):
    """The guarantee fund of an entity in one currency: sums of its movements' lines."""

    currency: str
    balance: Decimal = Field(
        description="The fund's cash account: paid out (negative) net of what came back"
    )
    exposure: Decimal = Field(description="Advances not recovered nor written off")
    losses: Decimal = Field(description="Written off, net of what clients paid later")
    losses_of_the_year: Decimal = Field(description="Losses booked in the year asked for")
    balanced: bool = Field(description="Every account's lines sum to zero together")
    movement_count: int


class GuaranteeFund(BaseModel):
    entity: str
    year: int
    books: list[FundBooks] = Field(description="One per currency")
    movements: list[FundMovement] = Field(description="The latest movements, newest first")


class ReminderRun(InputModel):
    as_of: date | None = None


class ReminderRunOutcome(BaseModel):
    as_of: date
    issued: dict[str, int] = Field(
        description="Reminders issued per step (and hand_off: collections cases opened)"
    )


class Reminder(BaseModel):
    """A reminder issued for an unpaid invoice: what the client owed on ``as_of``."""

    model_config = ConfigDict(extra="allow")
    reminder_id: str
    number: str
    receivable_id: str
    invoice_id: str
    invoice_number: str | None
    job_id: str
    step: str
    as_of: date
    pay_by: date | None = Field(
        None, description="The day the letter asks to pay by (absent on older reminders)"
    )
    principal: Decimal
    interest: Decimal
    compensation: Decimal
    total: Decimal
    currency: str
    interest_complete: bool = Field(
        description="False when a period's interest rate is not configured (left out)"
    )
    notes: list[str]
    status: str
    issued_at: datetime


class CaseNote(BaseModel):
    by: str
    at: datetime
    text: str


class CollectionCase(BaseModel):
    """A receivable past the schedule's last step, for the collections team."""

    model_config = ConfigDict(extra="allow")
    case_id: str
    receivable_id: str
    invoice_number: str | None
    job_id: str
    amount_due: Decimal = Field(description="Principal, interest and compensation when opened")
    currency: str
    status: Literal["open", "closed"]
    assignee: str | None
    opened_on: date
    promised_on: date | None = Field(default=None, description="The payment the client promised")
    notes: list[CaseNote]
    outcome: str | None


class CaseAssignment(InputModel):
    assignee: str = Field(min_length=1, max_length=64, description="A staff member's id")


class CaseNoteIn(InputModel):
    text: str = Field(min_length=1, max_length=2000)
    promised_on: date | None = None


class CaseOutcomeIn(InputModel):
    outcome: Literal["paid", "payment_plan", "written_off", "legal", "withdrawn"]
    comment: str | None = Field(default=None, max_length=2000)


class DisputeIn(InputModel):
    reason: str = Field(min_length=3, max_length=500)


class InstalmentIn(InputModel):
    due_date: date
    amount: CentAmount = Field(gt=Decimal("0"))


class PaymentPlanIn(InputModel):
    instalments: list[InstalmentIn] = Field(min_length=1, max_length=36)


class RefundIn(InputModel):
    reason: str = Field(min_length=3, max_length=120, description="Shown to the debtor")
    creditor_name: str | None = Field(
        default=None, max_length=140, description="Who is refunded, when the bank line names nobody"
    )


class Refund(BaseModel):
    """A SEPA credit transfer back to the debtor; its pain.001 at ``…/credit-transfer``."""

    refund_id: str
    payment_id: str | None = None
    receivable_id: str | None = None
    amount: Decimal
    currency: str
    creditor_name: str
    creditor_iban: str
    reason: str
    execution_date: date
    requested_by: str
    requested_at: datetime
