"""What the member reads of their activity's books (pure): sums of ledger lines by movement
kind and account, turned into the balance and a month's revenue, costs and margin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from smart_activities.domain.ledger import Account, MovementKind, amount_of

type Sums = Mapping[tuple[MovementKind, Account], int]
"""Cents per (movement kind, account), debit positive."""


def _account(sums: Sums, account: Account) -> int:
    return sum(value for (_, each), value in sums.items() if each == account)


@dataclass(frozen=True, slots=True)
class Balance:
    invoiced: Decimal
    """Revenue invoiced, VAT excluded, less credit notes."""
    receivable: Decimal
    """What clients still owe, VAT included."""
    received: Decimal
    """What clients paid, VAT excluded."""
    contribution: Decimal
    salaries: Decimal
    expenses: Decimal
    financing_owed: Decimal
    """Financing still to repay (due or not)."""
    repaid: Decimal
    """Financing repaid so far, interest included."""
    repayments_due: Decimal
    committed: Decimal
    """Kept aside for approved expense notes and salary requests not yet paid."""
    available: Decimal
    """The cash the member may still spend: received − contribution − salaries − expenses −
    repayments (made and due) − what is committed."""


def balance(sums: Sums, repayments_due: int = 0, committed: int = 0) -> Balance:
    cash = _account(sums, Account.CASH)
    return Balance(
        invoiced=amount_of(-_account(sums, Account.REVENUE)),
        receivable=amount_of(_account(sums, Account.RECEIVABLE)),
        received=amount_of(sums.get((MovementKind.PAYMENT, Account.CASH), 0)),
        contribution=amount_of(_account(sums, Account.CONTRIBUTION)),
        salaries=amount_of(_account(sums, Account.SALARIES)),
        expenses=amount_of(_account(sums, Account.EXPENSES)),
        financing_owed=amount_of(-_account(sums, Account.FINANCING)),
        repaid=amount_of(-sums.get((MovementKind.REPAYMENT, Account.CASH), 0)),
        repayments_due=amount_of(repayments_due),
        committed=amount_of(committed),
        available=amount_of(cash - repayments_due - committed),
    )


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: str
    revenue: Decimal
    costs: Decimal
    margin: Decimal


def month_figures(month: str, sums: Sums) -> MonthFigures:
    revenue = -_account(sums, Account.REVENUE)
    costs = sum(
        _account(sums, account)
        for account in (Account.CONTRIBUTION, Account.SALARIES, Account.EXPENSES, Account.INTEREST)
    )
    return MonthFigures(month, amount_of(revenue), amount_of(costs), amount_of(revenue - costs))
