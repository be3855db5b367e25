"""A member writes an expense note for one of their activities (a draft: receipts next)."""

from __future__ import annotations

import uuid

from smart_activities.adapters.repositories import ExpenseNotes
from smart_activities.domain.expense_notes import (
    InvalidNote,
    NoteLine,
    NoteStatus,
    checked_lines,
    total,
)
from smart_activities.notes import note_view
from smart_activities.schemas import ExpenseNote, ExpenseNoteIn
from smart_activities.use_cases.open_activity import own_activity, require_budget
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured


class DraftExpenseNote(UseCase):
    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def __call__(
        self,
        principal: Principal,
        activity_id: str,
        request: ExpenseNoteIn,
        idempotency_key: str | None,
    ) -> tuple[ExpenseNote, bool]:
        today = self._clock.today()
        try:
            categories = self._rules.pack(principal.entity, today).value("expense_categories")
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"expense notes are not configured for entity {principal.entity}: {error}"
            ) from error
        try:
            lines = checked_lines(
                (
                    NoteLine(
                        line.date,
                        line.category,
                        line.supplier,
                        line.amount_excl_vat,
                        line.vat,
                        line.amount_incl_vat,
                    )
                    for line in request.lines
                ),
                categories,
                today,
            )
        except InvalidNote as error:
            raise Unprocessable(str(error)) from error

        async def create(tx: Transaction) -> ExpenseNote:
            activity = await own_activity(tx, principal, activity_id)
            require_budget(activity, "expense notes")
            now = self._clock.now()
            note = {
                "_id": str(uuid.uuid4()),
                "activity_id": activity_id,
                "member_id": principal.subject,
                "entity": activity["entity"],
                "currency": activity["currency"],
                "description": request.description,
                "lines": [
                    {
                        "date": line.day.isoformat(),
                        "category": line.category,
                        "supplier": line.supplier,
                        "amount_excl_vat": str(line.amount_excl_vat),
                        "vat": str(line.vat),
                        "amount_incl_vat": str(line.amount_incl_vat),
                    }
                    for line in lines
                ],
                "total": str(total(lines)),
                "status": NoteStatus.DRAFT.value,
                "receipts": [],
                "review_id": None,
                "review_reasons": [],
                "history": [
                    {"status": "draft", "at": now, "by": principal.subject, "comment": None}
                ],
                "submitted_at": None,
                "bank_reference": None,
                "created_at": now,
            }
            await ExpenseNotes(tx).add(note)
            return note_view(note)

        return await run_idempotent_as(
            ExpenseNote,
            self._uow,
            scope=f"expense-note:{principal.subject}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )
