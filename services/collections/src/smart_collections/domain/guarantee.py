"""The guarantee date: when the guarantee fund pays the salary if the client has not paid."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

import holidays


@cache
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=[year, year + 1]).keys())


def is_working_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(country, day.year)


def guarantee_date(job_end: date, rule: dict[str, Any]) -> date:
    """Apply the entity's salary-payment rule (from its rule pack) to the job's end date."""
    kind = rule["rule"]
    if kind == "working_days_after_end":
        day, remaining = job_end, int(rule["days"])
        while remaining:
            day += timedelta(days=1)
            if is_working_day(day, rule["holidays"]):
                remaining -= 1
        return day
    if kind == "calendar_days_after_end":
        return job_end + timedelta(days=int(rule["days"]))
    if kind == "day_of_next_month":
        first_of_next = (job_end.replace(day=1) + timedelta(days=32)).replace(day=1)
        return first_of_next.replace(day=int(rule["day"]))
    raise ValueError(f"unknown salary guarantee rule {kind!r}")
