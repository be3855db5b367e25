"""A payment matched to the receivable its structured communication names, or kept unmatched
with the reason (matched later if its invoice is sent afterwards) — and, when a single open
receivable of that amount fits (of the client this debtor's account paid for before, or the
only one of the amount), that receivable proposed to staff, never applied."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from smart_collections.adapters.repositories import PAYMENTS, RECEIVABLES, Payments, Receivables
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
        "client_id": receivable.document.get("client_id"),
    }


async def proposal(tx: Transaction, payment: dict[str, Any]) -> dict[str, Any] | None:
    """The one open receivable of the payment's amount and currency — of the client the
    debtor's account paid for before when there are several — or None."""
    amount = Decimal(payment["amount"]).quantize(Decimal("0.01"))
    candidates = await tx.collection(RECEIVABLES).find(
        {
            "entity": payment["entity"],
            "amount": str(amount),
            "currency": payment["currency"],
            "status": {"$in": ["open", "guaranteed"]},
            "paid": "0.00",
        },
        projection={"client_id": 1, "invoice_number": 1},
        limit=20,
    )
    basis = "amount"
    if len(candidates) > 1 and payment.get("debtor_iban"):
        before = await tx.collection(PAYMENTS).find_one(
            {
                "entity": payment["entity"],
                "debtor_iban": payment["debtor_iban"],
                "status": "matched",
                "client_id": {"$ne": None},
            },
            projection={"client_id": 1},
        )
        if before is not None:
            candidates = [c for c in candidates if c.get("client_id") == before["client_id"]]
            basis = "amount and debtor"
    if len(candidates) != 1:
        return None
    return {
        "receivable_id": candidates[0]["_id"],
        "invoice_number": candidates[0].get("invoice_number"),
        "basis": basis,
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
        payment["proposal"] = await proposal(tx, payment)
    elif receivable.currency != payment["currency"]:
        payment["unmatched_reason"] = f"the receivable is in {receivable.currency}"
        receivable = None
    else:
        match(receivable, payment, now)
        await receivables.save(receivable)
    await Payments(tx).add(payment)
    return receivable
