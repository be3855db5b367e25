"""An expense note (pure rules): its lines add up, its categories are the entity's, and its
status moves only forward: draft → submitted → approved | rejected → paid (a counsellor asking
the member for more sends it back to draft)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"


class InvalidNote(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class NoteLine:
    day: date
    category: str
    supplier: str
    amount_excl_vat: Decimal
    vat: Decimal
    amount_incl_vat: Decimal


def checked_lines(
    lines: Iterable[NoteLine], categories: Mapping[str, Any], today: date
) -> list[NoteLine]:
    checked = list(lines)
    for number, line in enumerate(checked, start=1):
        if line.category not in categories:
            raise InvalidNote(
                f"lines[{number}].category: {line.category!r} is not one of the entity's "
                f"({', '.join(sorted(categories))})"
            )
        if line.amount_excl_vat + line.vat != line.amount_incl_vat:
            raise InvalidNote(
                f"lines[{number}]: {line.amount_excl_vat} excl. VAT + {line.vat} VAT is not "
                f"{line.amount_incl_vat} incl. VAT"
            )
        if line.day > today:
            raise InvalidNote(f"lines[{number}].date: {line.day} is after today ({today})")
    return checked


def total(lines: Iterable[NoteLine]) -> Decimal:
    return sum((line.amount_incl_vat for line in lines), Decimal("0.00"))


def categories_missing_receipt(
    line_categories: Iterable[str], categories: Mapping[str, Any], receipts: int
) -> list[str]:
    """The note's categories that need a receipt when the note has none."""
    if receipts:
        return []
    return sorted({name for name in line_categories if categories[name].get("receipt", True)})
