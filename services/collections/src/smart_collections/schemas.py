"""What the collections service answers over HTTP.

Amounts are decimal strings, as everywhere in the suite. The models document the fields a
client can rely on and keep any other field of the stored document.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

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
    status: str = Field(description="open, paid, guaranteed or cancelled")
    guaranteed_at: datetime | None = None
    settled_at: datetime | None = None
    opened_at: datetime
    version: int | None = Field(default=None, description="Changes with every change to it")


class Payment(BaseModel):
    """A payment the bank reported, matched to its receivable or waiting for staff.

    Once matched it also names ``invoice_id`` and ``job_id``; unmatched, ``unmatched_reason``
    says why."""

    model_config = ConfigDict(extra="allow")
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
