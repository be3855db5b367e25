"""A member submits their note: within the entity's rules it is approved at once (and drawn
or not for a control afterwards); a rule hit sends it to the counsellor's review queue."""

from __future__ import annotations

from decimal import Decimal

from smart_activities.adapters.repositories import Activities, ExpenseNotes, Jobs
from smart_activities.domain.expense_notes import NoteStatus, categories_missing_receipt
from smart_activities.domain.reviews import ReviewPolicy, Timing, expense_note_hits, sampled
from smart_activities.notes import moved, note_view, open_review, own_note, record_approved
from smart_activities.schemas import ExpenseNote
from smart_activities.spending import spendable
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.activities import ExpenseNoteApproved
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured

AUTOMATIC = "automatic"


class SubmitExpenseNote(UseCase):
    raises = (ExpenseNoteApproved,)

    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def __call__(self, principal: Principal, note_id: str) -> ExpenseNote:
        try:
            pack = self._rules.pack(principal.entity, self._clock.today())
            policy = ReviewPolicy.of(pack.value("activity_review"))
            categories = pack.value("expense_categories")
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"expense notes are not configured for entity {principal.entity}: {error}"
            ) from error

        async def submit(tx: Transaction) -> ExpenseNote:
            note = await own_note(tx, principal, note_id)
            if note["status"] != NoteStatus.DRAFT.value:
                raise Conflict(f"the note is {note['status']}: only a draft is submitted")
            activity = await Activities(tx).get(note["activity_id"])
            if activity is None:
                raise Conflict("the note's activity is gone")
            await Activities(tx).claim_budget(activity["_id"])
            notes = ExpenseNotes(tx)
            amount = Decimal(note["total"])
            available = await spendable(tx, activity["_id"], self._clock.today())
            hits = expense_note_hits(
                policy,
                amount=amount,
                currency=note["currency"],
                missing_receipts=categories_missing_receipt(
                    (line["category"] for line in note["lines"]),
                    categories,
                    len(note["receipts"]),
                ),
                earlier_operations=await Jobs(tx).count_of(principal.subject)
                + await notes.submitted_by(principal.subject, other_than=note_id),
                available=available,
            )
            now = self._clock.now()
            operation = {"kind": "expense_note", "id": note_id}
            if hits:
                after = moved(note, NoteStatus.SUBMITTED, principal.subject, now)
                after["review_id"] = await open_review(
                    tx,
                    activity=activity,
                    operation=operation,
                    timing=Timing.BEFORE,
                    reasons=hits,
                    amount=amount,
                    now=now,
                )
            else:
                controlled = sampled(note_id, policy.sample_rate)
                after = moved(note, NoteStatus.APPROVED, AUTOMATIC, now)
                after["review_id"] = (
                    await open_review(
                        tx,
                        activity=activity,
                        operation=operation,
                        timing=Timing.AFTER,
                        reasons=[f"drawn for a control afterwards ({policy.sample_rate:%})"],
                        amount=amount,
                        now=now,
                    )
                    if controlled
                    else None
                )
                await record_approved(tx, after, AUTOMATIC, controlled)
            after["review_reasons"] = hits
            after["submitted_at"] = now
            await notes.save(after, NoteStatus.DRAFT.value)
            return note_view(after)

        return await self._uow.run(submit)
