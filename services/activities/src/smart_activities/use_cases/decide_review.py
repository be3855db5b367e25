"""A counsellor decides a review: before the fact it approves, rejects or sends the note back
to the member; afterwards (a sampled control) it records the control's outcome."""

from __future__ import annotations

from datetime import datetime

from smart_activities import salary_requests
from smart_activities.adapters.repositories import (
    ExpenseNotes,
    Financings,
    Reviews,
    SalaryRequests,
)
from smart_activities.domain.expense_notes import NoteStatus
from smart_activities.domain.reviews import Decision, Timing
from smart_activities.domain.salary_requests import SalaryRequestStatus
from smart_activities.financings import disburse
from smart_activities.notes import moved, record_approved
from smart_activities.repayments import REPAYING
from smart_activities.schemas import Review, ReviewDecisionIn
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.activities import (
    ExpenseNoteApproved,
    FinancingDisbursed,
    SalaryRequested,
)
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable
from smart_common.representation import public_document

NOTE_OUTCOME = {
    Decision.APPROVE: NoteStatus.APPROVED,
    Decision.REJECT: NoteStatus.REJECTED,
    Decision.ASK_MEMBER: NoteStatus.DRAFT,
}
SALARY_OUTCOME = {
    Decision.APPROVE: SalaryRequestStatus.APPROVED,
    Decision.REJECT: SalaryRequestStatus.REJECTED,
    Decision.ASK_MEMBER: SalaryRequestStatus.RETURNED,
}
FINANCING_OUTCOME = {
    Decision.APPROVE: REPAYING,
    Decision.REJECT: "rejected",
    Decision.ASK_MEMBER: "returned",
}


class DecideReview(UseCase):
    raises = (ExpenseNoteApproved, FinancingDisbursed, SalaryRequested)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, review_id: str, request: ReviewDecisionIn
    ) -> Review:
        if request.decision != Decision.APPROVE and not request.comment:
            raise Unprocessable("comment: say why, the member reads it")

        async def decide(tx: Transaction) -> Review:
            reviews = Reviews(tx)
            review = await reviews.get(review_id)
            if review is None or review["entity"] != principal.entity:
                raise NotFound("no such review")
            if review["status"] != "open":
                raise Conflict(f"the review was decided already ({review['decision']})")
            now = self._clock.now()
            if review["timing"] == Timing.BEFORE.value:
                await self._apply(tx, review, request, principal.subject, now)
            decided = {
                **review,
                "status": "decided",
                "decision": request.decision.value,
                "comment": request.comment or None,
                "decided_by": principal.subject,
                "decided_at": now,
            }
            await reviews.decide(decided)
            return Review.model_validate(public_document(decided, "review_id"))

        return await self._uow.run(decide)

    async def _apply(
        self,
        tx: Transaction,
        review: Document,
        request: ReviewDecisionIn,
        counsellor: str,
        now: datetime,
    ) -> None:
        kind = review["operation"]["kind"]
        if kind == "expense_note":
            await self._expense_note(tx, review, request, counsellor, now)
        elif kind == "financing_request":
            await self._financing(tx, review, request, counsellor, now)
        elif kind == "salary_request":
            await self._salary_request(tx, review, request, counsellor, now)
        else:
            raise Conflict(f"reviews of {kind} are not decided here")

    async def _expense_note(
        self,
        tx: Transaction,
        review: Document,
        request: ReviewDecisionIn,
        counsellor: str,
        now: datetime,
    ) -> None:
        notes = ExpenseNotes(tx)
        note = await notes.get(review["operation"]["id"])
        if note is None or note["status"] != NoteStatus.SUBMITTED.value:
            raise Conflict("the reviewed note is no longer waiting for a decision")
        after = moved(
            note, NOTE_OUTCOME[request.decision], counsellor, now, request.comment or None
        )
        if request.decision == Decision.ASK_MEMBER:
            after["review_id"] = None
        await notes.save(after, NoteStatus.SUBMITTED.value)
        if request.decision == Decision.APPROVE:
            await record_approved(tx, after, counsellor, controlled_afterwards=False)

    async def _financing(
        self,
        tx: Transaction,
        review: Document,
        request: ReviewDecisionIn,
        counsellor: str,
        now: datetime,
    ) -> None:
        financings = Financings(tx)
        financing = await financings.get(review["operation"]["id"])
        if financing is None or financing["status"] != "requested":
            raise Conflict("the reviewed financing is no longer waiting for a decision")
        status = FINANCING_OUTCOME[request.decision]
        after = {
            **financing,
            "status": status,
            "history": [
                *financing["history"],
                {"status": status, "at": now, "by": counsellor, "comment": request.comment or None},
            ],
        }
        if request.decision == Decision.APPROVE:
            after = await disburse(tx, after, now)
        await financings.save(after, "requested")

    async def _salary_request(
        self,
        tx: Transaction,
        review: Document,
        request: ReviewDecisionIn,
        counsellor: str,
        now: datetime,
    ) -> None:
        requests = SalaryRequests(tx)
        found = await requests.get(review["operation"]["id"])
        waiting = SalaryRequestStatus.REQUESTED.value
        if found is None or found["status"] != waiting:
            raise Conflict("the reviewed salary request is no longer waiting for a decision")
        after = moved(
            found, SALARY_OUTCOME[request.decision], counsellor, now, request.comment or None
        )
        await requests.save(after, waiting)
        if request.decision == Decision.APPROVE:
            await salary_requests.record_approved(tx, after)
        else:
            await salary_requests.release_notes(tx, after["_id"])
