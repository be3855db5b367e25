"""Mutualised financing (pure): the cooperative advances an amount to an activity, repaid in
monthly instalments (an annuity at the entity's rate, equal parts at 0 %).

Instalment k covers the k-th month after the disbursement: it is collected from the revenue
that comes in from the start of its month on, and it is late once its month has ended unpaid.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smart_common.money import round_half_up

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Instalment:
    number: int
    starts: date
    due: date
    principal: Decimal
    interest: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


def months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(
    amount: Decimal, months: int, annual_rate: Decimal, disbursed: date
) -> list[Instalment]:
    """The instalments; the last takes what rounding left of the principal."""
    rate = annual_rate / 12
    if rate:
        payment = round_half_up(amount * rate / (1 - (1 + rate) ** -months))
    else:
        payment = round_half_up(amount / months)
    instalments, owed = [], amount
    for number in range(1, months + 1):
        interest = round_half_up(owed * rate)
        principal = owed if number == months else min(payment - interest, owed)
        owed -= principal
        instalments.append(
            Instalment(
                number,
                months_after(disbursed, number - 1),
                months_after(disbursed, number),
                principal,
                interest,
            )
        )
    return instalments


@dataclass(frozen=True, slots=True)
class Repayment:
    principal: Decimal
    interest: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


def collectable(instalments: list[Instalment], repaid: Decimal, on: date) -> Decimal:
    """What is to be collected on ``on``: the instalments whose month has started, less what
    was repaid (repayments go to the instalments in order)."""
    started = sum((item.amount for item in instalments if item.starts <= on), Decimal("0"))
    return max(started - repaid, Decimal("0"))


def late(instalments: list[Instalment], repaid: Decimal, on: date) -> list[Instalment]:
    """The instalments whose month ended before ``on`` and that repayments have not covered."""
    covered, unpaid = repaid, []
    for item in instalments:
        if covered >= item.amount:
            covered -= item.amount
            continue
        covered = Decimal("0")
        if item.due < on:
            unpaid.append(item)
    return unpaid


def _covered(instalments: list[Instalment], total: Decimal) -> Repayment:
    principal = interest = Decimal("0")
    left = total
    for item in instalments:
        paid_interest = min(item.interest, left)
        paid_principal = min(item.principal, left - paid_interest)
        interest += paid_interest
        principal += paid_principal
        left -= paid_interest + paid_principal
        if left <= 0:
            break
    return Repayment(principal, interest)


def split(instalments: list[Instalment], repaid: Decimal, amount: Decimal) -> Repayment:
    """How a repayment of ``amount``, after ``repaid`` already, divides into principal and
    interest (the instalments in order, each one's interest first)."""
    before, after = _covered(instalments, repaid), _covered(instalments, repaid + amount)
    return Repayment(after.principal - before.principal, after.interest - before.interest)


def outstanding(instalments: list[Instalment], repaid: Decimal) -> Decimal:
    return sum((item.amount for item in instalments), Decimal("0")) - repaid
