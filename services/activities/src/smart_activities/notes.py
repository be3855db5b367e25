"""What the expense-note use cases share: the note as the API shows it, its approval (an
event), the review a counsellor decides, and who may act on a note."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from smart_activities.adapters.repositories import ExpenseNotes, Reviews
from smart_activities.domain.reviews import Timing
from smart_activities.schemas import ExpenseNote
from smart_common.auth import Principal
from smart_common.events.activities import ExpenseNoteApproved
from smart_common.persistence import Document, Transaction
from smart_common.problems import NotFound
from smart_common.representation import public_document


def note_view(note: Document) -> ExpenseNote:
    return ExpenseNote.model_validate(public_document(note, "expense_note_id"))


async def own_note(tx: Transaction, principal: Principal, note_id: str) -> Document:
    """The member's own note (staff act on notes through reviews and payments): else 404."""
    note = await ExpenseNotes(tx).get(note_id)
    if note is None or note["member_id"] != principal.subject:
        raise NotFound("no such expense note")
    return note


def moved(
    note: Document, status: StrEnum, by: str, now: datetime, comment: str | None = None
) -> Document:
    """A note (or a salary request) in its new status, the move kept in its history."""
    return {
        **note,
        "status": status.value,
        "history": [
            *note["history"],
            {"status": status.value, "at": now, "by": by, "comment": comment},
        ],
    }


async def record_approved(
    tx: Transaction, note: Document, approved_by: str, controlled_afterwards: bool
) -> None:
    await tx.record_event(
        ExpenseNoteApproved(
            expense_note_id=note["_id"],
            activity_id=note["activity_id"],
            member_id=note["member_id"],
            entity=note["entity"],
            total=Decimal(note["total"]),
            currency=note["currency"],
            approved_by=approved_by,
            controlled_afterwards=controlled_afterwards,
        ),
        subject=note["_id"],
        entity=note["entity"],
        correlation_id=note["activity_id"],
    )


def review_document(
    *,
    activity: Document,
    operation: dict[str, str],
    timing: Timing,
    reasons: list[str],
    amount: Decimal,
    now: datetime,
    review_id: str | None = None,
) -> Document:
    return {
        "_id": review_id or str(uuid.uuid4()),
        "entity": activity["entity"],
        "activity_id": activity["_id"],
        "member_id": activity["member_id"],
        "counsellor_id": activity.get("counsellor_id"),
        "operation": operation,
        "timing": timing.value,
        "reasons": reasons,
        "amount": str(amount),
        "currency": activity["currency"],
        "status": "open",
        "decision": None,
        "comment": None,
        "decided_by": None,
        "decided_at": None,
        "created_at": now,
    }


async def open_review(
    tx: Transaction,
    *,
    activity: Document,
    operation: dict[str, str],
    timing: Timing,
    reasons: list[str],
    amount: Decimal,
    now: datetime,
) -> str:
    review = review_document(
        activity=activity,
        operation=operation,
        timing=timing,
        reasons=reasons,
        amount=amount,
        now=now,
    )
    await Reviews(tx).add(review)
    return str(review["_id"])
