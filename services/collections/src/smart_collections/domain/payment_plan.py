"""A payment plan (pure): the client pays what is due in instalments instead of being reminded.
It covers exactly what is owed, its dates follow one another from the day it is agreed, and it
is kept while what came in since covers every instalment due more than the grace days ago."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise


class InvalidPlan(ValueError):
    """The instalments do not make a plan for this receivable."""


@dataclass(frozen=True, slots=True)
class Instalment:
    due_date: date
    amount: Decimal


def check_plan(instalments: Sequence[Instalment], owed: Decimal, agreed_on: date) -> None:
    if not instalments:
        raise InvalidPlan("instalments: at least one")
    total = sum((i.amount for i in instalments), Decimal("0"))
    if total != owed:
        raise InvalidPlan(f"instalments: they add up to {total}, the client owes {owed}")
    if any(i.amount <= 0 for i in instalments):
        raise InvalidPlan("instalments: each one is a positive amount")
    dates = [i.due_date for i in instalments]
    if dates[0] < agreed_on or any(b <= a for a, b in pairwise(dates)):
        raise InvalidPlan(
            f"instalments: their dates follow one another from the day agreed ({agreed_on})"
        )


def kept(
    instalments: Sequence[Instalment], paid_since: Decimal, as_of: date, grace_days: int
) -> bool:
    """Whether what came in since the plan covers every instalment due by ``as_of`` less the
    grace days."""
    limit = as_of - timedelta(days=grace_days)
    due = sum((i.amount for i in instalments if i.due_date < limit), Decimal("0"))
    return paid_since >= due
