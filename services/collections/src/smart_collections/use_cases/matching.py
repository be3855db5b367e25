"""A payment matched to the receivable its structured communication names."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from smart_collections.domain.receivable import Receivable


def match(receivable: Receivable, payment: dict[str, Any], now: datetime) -> None:
    """Apply the payment to the receivable and mark the payment matched to it."""
    receivable.apply_payment(
        payment["_id"], Decimal(payment["amount"]), date.fromisoformat(payment["value_date"]), now
    )
    payment |= {
        "status": "matched",
        "receivable_id": receivable.id,
        "invoice_id": receivable.document["invoice_id"],
        "job_id": receivable.document["job_id"],
    }
