"""An activity's books in double entry (pure): each movement is balanced lines on the
activity's accounts, posted from another context's event; every figure shown to the member is
a sum of lines, never a number kept on the side.

Lines are signed integer cents, debit positive, credit negative: a movement's lines sum to 0.

What the activity's cash is: what its clients paid, less the VAT in it (the cooperative hands
it to the tax authority), less the cooperative's contribution on the rest, less the salaries'
employer cost and the expenses reimbursed. In ``contract`` mode the payslip takes everything
the job brought in, so a paid job's cash comes back to about zero; in ``budget`` mode it stays.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from smart_common.money import round_half_up

CENTS = Decimal(100)


class Account(StrEnum):
    RECEIVABLE = "receivable"
    """What the activity's clients still owe, VAT included."""
    CASH = "cash"
    """The activity's money at the cooperative."""
    REVENUE = "revenue"
    """What the activity invoiced, VAT excluded (credit)."""
    VAT = "vat"
    """VAT invoiced, owed to the tax authority until the client pays it (credit)."""
    CONTRIBUTION = "contribution"
    """The cooperative's contribution on what the clients paid."""
    SALARIES = "salaries"
    """The employer cost of the member's payslips."""
    EXPENSES = "expenses"
    """Expenses reimbursed to the member."""
    FINANCED = "financed"
    """What the cooperative's financing paid for (the supplier or the member was paid)."""
    FINANCING = "financing"
    """What the activity still owes on its financing (credit)."""
    INTEREST = "interest"
    """Interest on the financing."""


class MovementKind(StrEnum):
    INVOICE = "invoice_issued"
    CREDIT_NOTE = "credit_note_issued"
    PAYMENT = "payment_received"
    CONTRIBUTION = "contribution"
    SALARY = "salary"
    EXPENSE_NOTE = "expense_note_paid"
    FINANCING = "financing_disbursed"
    REPAYMENT = "financing_repaid"


def cents(amount: Decimal) -> int:
    return int(round_half_up(amount) * CENTS)


def amount_of(value: int) -> Decimal:
    return (Decimal(value) / CENTS).quantize(Decimal("0.01"))


@dataclass(frozen=True, slots=True)
class Line:
    account: Account
    cents: int
    """Debit positive, credit negative."""


@dataclass(frozen=True, slots=True)
class Movement:
    kind: MovementKind
    day: date
    label: str
    lines: tuple[Line, ...]

    def __post_init__(self) -> None:
        if sum(line.cents for line in self.lines) != 0:
            raise ValueError(f"unbalanced movement {self.kind}: {self.lines}")

    @property
    def empty(self) -> bool:
        return all(line.cents == 0 for line in self.lines)


def _movement(kind: MovementKind, day: date, label: str, *lines: Line) -> Movement:
    return Movement(kind, day, label, tuple(line for line in lines if line.cents))


@dataclass(frozen=True, slots=True)
class InvoiceAccount:
    """What the activity's books know of one invoice: its totals and what was settled so far
    (in cents), so that each payment's VAT and contribution shares add up exactly."""

    total: int
    vat: int
    excl_vat: int
    contribution_rate: Decimal
    received: int = 0
    vat_settled: int = 0
    credited: int = 0
    vat_credited: int = 0
    excl_vat_credited: int = 0
    contribution: int = 0

    @property
    def outstanding(self) -> int:
        return self.total - self.credited - self.received

    @property
    def vat_outstanding(self) -> int:
        return self.vat - self.vat_credited - self.vat_settled


def invoice_issued(
    day: date, number: str, excl_vat: Decimal, vat: Decimal, total: Decimal
) -> Movement:
    return _movement(
        MovementKind.INVOICE,
        day,
        f"invoice {number}",
        Line(Account.RECEIVABLE, cents(total)),
        Line(Account.REVENUE, -cents(excl_vat)),
        Line(Account.VAT, -cents(vat)),
    )


def credit_note_issued(
    invoice: InvoiceAccount,
    day: date,
    number: str,
    excl_vat: Decimal,
    vat: Decimal,
    total: Decimal,
) -> tuple[Movement, InvoiceAccount]:
    movement = _movement(
        MovementKind.CREDIT_NOTE,
        day,
        f"credit note {number}",
        Line(Account.REVENUE, cents(excl_vat)),
        Line(Account.VAT, cents(vat)),
        Line(Account.RECEIVABLE, -cents(total)),
    )
    return movement, replace(
        invoice,
        credited=invoice.credited + cents(total),
        vat_credited=invoice.vat_credited + cents(vat),
        excl_vat_credited=invoice.excl_vat_credited + cents(excl_vat),
    )


def payment_received(
    invoice: InvoiceAccount, day: date, number: str, amount: Decimal
) -> tuple[Movement, Movement, InvoiceAccount]:
    """The payment, its VAT share handed to the tax authority, and the contribution on the
    rest. The VAT share is the open VAT's proportion of what is still owed; the payment settling
    the invoice takes what is left, so the shares of all payments equal the invoice's VAT."""
    paid = cents(amount)
    outstanding = invoice.outstanding
    if outstanding <= 0 or invoice.vat_outstanding <= 0:
        vat_share = 0
    elif paid >= outstanding:
        vat_share = invoice.vat_outstanding
    else:
        vat_share = cents(amount * Decimal(invoice.vat_outstanding) / Decimal(outstanding))
    payment = _movement(
        MovementKind.PAYMENT,
        day,
        f"payment of invoice {number}",
        Line(Account.CASH, paid - vat_share),
        Line(Account.VAT, vat_share),
        Line(Account.RECEIVABLE, -paid),
    )
    after = replace(
        invoice, received=invoice.received + paid, vat_settled=invoice.vat_settled + vat_share
    )
    # rounded on what was received so far, never payment by payment: once the invoice is
    # settled that is its amount excluding VAT, so the shares add up to its contribution
    due = cents(amount_of(after.received - after.vat_settled) * invoice.contribution_rate)
    share = max(due - invoice.contribution, 0)
    contribution = _movement(
        MovementKind.CONTRIBUTION,
        day,
        f"contribution on the payment of invoice {number}",
        Line(Account.CONTRIBUTION, share),
        Line(Account.CASH, -share),
    )
    return payment, contribution, replace(after, contribution=invoice.contribution + share)


def salary(
    day: date, payslip_label: str, employer_cost: Decimal, expenses_reimbursed: Decimal
) -> Movement:
    return _movement(
        MovementKind.SALARY,
        day,
        payslip_label,
        Line(Account.SALARIES, cents(employer_cost)),
        Line(Account.EXPENSES, cents(expenses_reimbursed)),
        Line(Account.CASH, -cents(employer_cost) - cents(expenses_reimbursed)),
    )


def expense_note_paid(day: date, label: str, amount: Decimal) -> Movement:
    """An approved expense note paid back to the member, VAT included (the activity bears what
    the member paid)."""
    return _movement(
        MovementKind.EXPENSE_NOTE,
        day,
        label,
        Line(Account.EXPENSES, cents(amount)),
        Line(Account.CASH, -cents(amount)),
    )


def financing_disbursed(day: date, label: str, amount: Decimal) -> Movement:
    return _movement(
        MovementKind.FINANCING,
        day,
        label,
        Line(Account.FINANCED, cents(amount)),
        Line(Account.FINANCING, -cents(amount)),
    )


def financing_repaid(day: date, label: str, principal: Decimal, interest: Decimal) -> Movement:
    return _movement(
        MovementKind.REPAYMENT,
        day,
        label,
        Line(Account.FINANCING, cents(principal)),
        Line(Account.INTEREST, cents(interest)),
        Line(Account.CASH, -cents(principal) - cents(interest)),
    )
