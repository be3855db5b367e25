"""When a member may credit their own invoice without a counsellor.

A credit note lowers what the client owes, and so the budget the member's salary is paid
from. Before the salary is paid or guaranteed, and for at most what the client has not paid,
it only corrects what is still to come; otherwise money has already left the cooperative on
the invoice's strength, and a counsellor decides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def outside_guard_rails(
    invoice: dict[str, Any], note_incl_vat: Decimal, credited_incl_vat: Decimal
) -> list[str]:
    """Why a member's credit note of ``note_incl_vat`` needs approval (empty: it does not)."""
    settlement = invoice.get("settlement", {})
    reasons: list[str] = []
    if salary := settlement.get("salary"):
        reasons.append(f"the job's salary is already {salary}")
    unpaid = (
        Decimal(invoice["total_incl_vat"])
        - Decimal(settlement.get("paid_incl_vat", "0"))
        - credited_incl_vat
    )
    if note_incl_vat > unpaid:
        reasons.append(
            f"the credit note ({note_incl_vat} incl. VAT) is more than the client has not paid "
            f"({max(unpaid, Decimal('0'))} incl. VAT)"
        )
    return reasons
