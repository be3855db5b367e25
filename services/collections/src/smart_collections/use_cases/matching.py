"""A payment matched to the receivable its structured communication names, or kept unmatched
with the reason (matched later if its invoice is sent afterwards)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from smart_collections.adapters.repositories import Payments, Receivables
from smart_collections.domain.receivable import Receivable
from smart_common.persistence import Transaction


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


async def book(tx: Transaction, payment: dict[str, Any], now: datetime) -> Receivable | None:
    """Store the payment, matched to the receivable its ``normalised_reference`` names when
    there is one in its currency; the receivable it went to."""
    reference = payment["normalised_reference"]
    receivables = Receivables(tx)
    receivable = None
    if reference is not None:
        receivable = await receivables.carrying(reference, payment["entity"])
    if receivable is None:
        payment["unmatched_reason"] = (
            "no valid structured communication or creditor reference"
            if reference is None
            else "no receivable carries this reference"
        )
    elif receivable.currency != payment["currency"]:
        payment["unmatched_reason"] = f"the receivable is in {receivable.currency}"
        receivable = None
    else:
        match(receivable, payment, now)
        await receivables.save(receivable)
    await Payments(tx).add(payment)
    return receivable
