"""The counsellor's review ("Objectif 5 %", pure): which rules an operation hits, and whether
it is in the sample controlled afterwards. The sample is drawn from the operation's id, so the
same operation is always in it or never."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Timing(StrEnum):
    BEFORE = "before"
    """A rule was hit: the operation waits for the counsellor."""
    AFTER = "after"
    """Within the rules and approved at once, drawn for a control afterwards."""


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    ASK_MEMBER = "ask_member"


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    sample_rate: Decimal
    expense_note_threshold: Decimal
    salary_request_threshold: Decimal
    first_operations: int

    @classmethod
    def of(cls, value: dict[str, Any]) -> ReviewPolicy:
        return cls(
            sample_rate=Decimal(value["sample_rate"]),
            expense_note_threshold=Decimal(value["expense_note_threshold"]),
            salary_request_threshold=Decimal(value["salary_request_threshold"]),
            first_operations=int(value["first_operations"]),
        )


def sampled(operation_id: str, rate: Decimal) -> bool:
    """Whether the operation is in the sample: its id's hash read as a number in [0, 1)."""
    draw = int.from_bytes(hashlib.sha256(f"review:{operation_id}".encode()).digest()[:8])
    return Decimal(draw) / Decimal(2**64) < rate


def expense_note_hits(
    policy: ReviewPolicy,
    *,
    amount: Decimal,
    currency: str,
    missing_receipts: list[str],
    earlier_operations: int,
    available: Decimal,
) -> list[str]:
    """The reasons a counsellor must look at the note before it is approved (none: approved)."""
    hits = []
    if amount > policy.expense_note_threshold:
        hits.append(
            f"{amount} {currency} is above the threshold of "
            f"{policy.expense_note_threshold} {currency}"
        )
    if missing_receipts:
        hits.append(f"no receipt for {', '.join(missing_receipts)}")
    if earlier_operations < policy.first_operations:
        hits.append(f"one of the member's first {policy.first_operations} operations")
    if amount > available:
        hits.append(f"{amount} {currency} is more than the {available} {currency} available")
    return hits
