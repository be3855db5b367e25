"""A long contract's monthly salary, smoothed from the activity's forecast revenue and adjusted
when the actual revenue differs (pure, no I/O).

The budget of the whole plan is the revenue less the cooperative's contribution and the
expenses; it is spread evenly over the months. Once months are over, their actual revenue
replaces the forecast: what was paid stays paid, and the difference is spread over the months
left, so the plan still ends on budget. A plan whose remaining budget falls below zero is
flagged for a counsellor (salary 0 for the rest, never negative); a budget left when every
month is over is a final regularisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from smart_common.money import round_half_up

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class MonthBudget:
    month: int
    revenue: Decimal
    actual: bool
    budget: Decimal


@dataclass(frozen=True, slots=True)
class SmoothedPlan:
    months: list[MonthBudget]
    total_budget: Decimal
    shortfall: Decimal
    """How much the months paid exceed what the activity brings (0: on track)."""
    to_regularise: Decimal
    """Budget left once every month is over (the last actuals came after the last salary): a
    final regularisation owed to the worker."""


def _budget(revenue: Decimal, contribution_rate: Decimal, expenses: Decimal) -> Decimal:
    return revenue - round_half_up(revenue * contribution_rate) - expenses


def smoothed_plan(
    forecast: list[Decimal],
    actuals: list[Decimal],
    contribution_rate: Decimal,
    monthly_expenses: Decimal,
) -> SmoothedPlan:
    """``forecast``: the revenue expected for each month of the contract; ``actuals``: the
    revenue of the months already over, in order."""
    if not forecast:
        raise ValueError("forecast: at least one month")
    if len(actuals) > len(forecast):
        raise ValueError("actuals: more months than the plan holds")
    months = len(forecast)
    expenses = monthly_expenses * months
    if _budget(sum(forecast, ZERO), contribution_rate, expenses) <= 0:
        raise ValueError("forecast: the revenue leaves no budget for a salary")
    plan: list[MonthBudget] = []
    paid = ZERO
    for index in range(months):
        over = index < len(actuals)
        # what was known when this month was paid: the actuals before it, the forecast after
        seen = min(index, len(actuals))
        known = sum(actuals[:seen], ZERO) + sum(forecast[seen:], ZERO)
        remaining = _budget(known, contribution_rate, expenses) - paid
        left = months - index
        if remaining <= 0:
            share = ZERO
        elif left == 1:
            share = remaining  # the last month takes the cents the rounding left
        else:
            share = round_half_up(remaining / left)
        plan.append(
            MonthBudget(index + 1, actuals[index] if over else forecast[index], over, share)
        )
        paid += share
    revenue = sum(actuals, ZERO) + sum(forecast[len(actuals) :], ZERO)
    total = _budget(revenue, contribution_rate, expenses)
    return SmoothedPlan(plan, total, max(ZERO, paid - total), max(ZERO, total - paid))


def replanned(
    forecast: list[Decimal],
    actuals: list[Decimal],
    paid: list[Decimal],
    contribution_rate: Decimal,
    monthly_expenses: Decimal,
    regularised: Decimal = ZERO,
) -> SmoothedPlan:
    """A running contract's plan: the months already paid keep what they paid (``paid``, in
    order); the budget known today (actual revenue of the months recorded, forecast of the
    others) less what was paid is spread evenly over the months left. Once every month is paid
    and every actual known, ``to_regularise`` is what the worker is still owed and
    ``shortfall`` what was paid beyond the activity's revenue (``regularised``: what a closing
    payslip already paid)."""
    months = len(forecast)
    if len(paid) > months or len(actuals) > months:
        raise ValueError("more months paid or recorded than the plan holds")
    known = sum(actuals, ZERO) + sum(forecast[len(actuals) :], ZERO)
    total = _budget(known, contribution_rate, monthly_expenses * months)
    plan = [
        MonthBudget(
            index + 1,
            actuals[index] if index < len(actuals) else forecast[index],
            index < len(actuals),
            amount,
        )
        for index, amount in enumerate(paid)
    ]
    remaining = total - sum(paid, ZERO)
    for index in range(len(paid), months):
        left = months - index
        if remaining <= 0:
            share = ZERO
        elif left == 1:
            share = remaining
        else:
            share = round_half_up(remaining / left)
        over = index < len(actuals)
        plan.append(
            MonthBudget(index + 1, actuals[index] if over else forecast[index], over, share)
        )
        remaining -= share
    spent = sum((month.budget for month in plan), regularised)
    return SmoothedPlan(plan, total, max(ZERO, spent - total), max(ZERO, total - spent))
