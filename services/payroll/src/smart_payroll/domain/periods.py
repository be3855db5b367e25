"""Periods: declaration periods (quarters, months) and the months of a contract."""

from __future__ import annotations

import calendar
from datetime import date


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def month_start(month: str, offset: int = 0) -> date:
    """The first day of ``month`` (``2027-01``), or of the month ``offset`` months later."""
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(month: str) -> tuple[date, date]:
    first = month_start(month)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def months_from(start: date, count: int) -> list[str]:
    return [month_of(month_start(month_of(start), offset)) for offset in range(count)]
