"""A long contract as the member declares it: the months it spans and the activity's forecast
revenue for each (pure; payroll smooths the salaries)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal


def contract_dates(start_month: str, months: int) -> tuple[date, date]:
    """First day of the first month, last day of the last month."""
    year, month = (int(part) for part in start_month.split("-"))
    last = year * 12 + month - 1 + months - 1
    last_year, last_month = last // 12, last % 12 + 1
    return (
        date(year, month, 1),
        date(last_year, last_month, calendar.monthrange(last_year, last_month)[1]),
    )


def forecast_problem(forecast: Sequence[Decimal]) -> str | None:
    if any(amount < 0 for amount in forecast):
        return "forecast: revenue cannot be negative"
    if sum(forecast, Decimal("0")) <= 0:
        return "forecast: the activity must expect some revenue"
    return None
