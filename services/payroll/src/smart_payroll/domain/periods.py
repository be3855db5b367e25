"""Declaration periods."""

from __future__ import annotations

from datetime import date


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"
