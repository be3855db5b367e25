"""A long contract's plan (pure): an employment contract over several months whose salary is
smoothed from the activity's forecast revenue (Belgium's key formula) and paid month by month.
When a month is over its actual revenue is recorded; the months left absorb the difference (a
shortfall asks for a counsellor's review, a budget left at the end is a final
regularisation)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from smart_payroll.domain.smoothing import SmoothedPlan, replanned

LONG = "long"
"""A contract's ``term`` when it is a long contract (a job's is ``fixed``)."""
MONTH = "long_contract_month"
REGULARISATION = "long_contract_regularisation"
"""What paid a long contract's payslip: a month, or the final regularisation."""


def working_days(first: date, last: date) -> int:
    return sum(1 for n in range((last - first).days + 1) if (first + timedelta(n)).weekday() < 5)


def replanned_plan(plan: dict[str, Any], contribution_rate: Decimal) -> SmoothedPlan:
    """The plan as known today: actual revenue of the months over, forecast of the others,
    what was paid already."""
    return replanned(
        [Decimal(amount) for amount in plan["forecast"]],
        [Decimal(amount) for amount in plan["actuals"]],
        [Decimal(amount) for amount in plan["paid_budgets"]],
        contribution_rate,
        Decimal(plan["monthly_expenses"]),
        Decimal(plan.get("regularised", "0")),
    )
