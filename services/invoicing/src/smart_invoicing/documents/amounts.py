"""How amounts, rates and dates are written in structured documents."""

from __future__ import annotations

from decimal import Decimal


def amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def percent(rate: Decimal) -> str:
    """A rate (0.21) as the percentage EN 16931 expects (21)."""
    value = (rate * 100).normalize()
    return f"{value:f}"


def quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"
