"""A member in budget mode asks for a salary from their activity's budget: an amount (or all
that is available) for a period of work. Refused with the figures when the budget does not
cover it; within the entity's rules approved at once (and drawn or not for a control
afterwards), else held for the counsellor. Approved, members declares it to payroll."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from smart_activities.adapters.repositories import (
    Activities,
    ExpenseNotes,
    Jobs,
    SalaryRequests,
)
from smart_activities.domain.expense_notes import NoteStatus
from smart_activities.domain.reviews import ReviewPolicy, Timing, sampled
from smart_activities.domain.salary_requests import (
    SalaryRequestProblem,
    SalaryRequestStatus,
    amount_asked,
    period_problem,
    salary_request_hits,
)
from smart_activities.notes import open_review
from smart_activities.salary_requests import record_approved, salary_request_view
from smart_activities.schemas import SalaryRequest, SalaryRequestIn
from smart_activities.spending import spendable
from smart_activities.use_cases.open_activity import own_activity, require_budget
from smart_activities.use_cases.submit_expense_note import AUTOMATIC
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.activities import SalaryRequested
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured


class RequestSalary(UseCase):
    raises = (SalaryRequested,)

    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def __call__(
        self,
        principal: Principal,
        activity_id: str,
        request: SalaryRequestIn,
        idempotency_key: str | None,
    ) -> tuple[SalaryRequest, bool]:
        today = self._clock.today()
        period = request.period
        try:
            pack = self._rules.pack(principal.entity, period.start_date)
            policy = ReviewPolicy.of(pack.value("activity_review"))
            kinds: dict[str, Any] = pack.value("contract_types")
            longest = pack.value("job_max_days").get(request.contract_type)
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"salary requests are not configured for entity {principal.entity}: {error}"
            ) from error
        if problem := period_problem(
            period.start_date,
            period.end_date,
            period.worked_days,
            today,
            kinds.get(request.contract_type),
            longest,
        ):
            raise Unprocessable(problem)

        async def create(tx: Transaction) -> SalaryRequest:
            activity = await own_activity(tx, principal, activity_id)
            require_budget(activity, "salary requests")
            await Activities(tx).claim_budget(activity_id)
            currency = activity["currency"]
            notes = await _notes_to_reimburse(tx, activity_id, request.expense_note_ids)
            try:
                budget = amount_asked(
                    request.amount, await spendable(tx, activity_id, today), currency
                )
            except SalaryRequestProblem as error:
                raise Unprocessable(str(error)) from error
            now = self._clock.now()
            request_id = str(uuid.uuid4())
            hits = salary_request_hits(
                policy,
                amount=budget,
                currency=currency,
                earlier_operations=await Jobs(tx).count_of(principal.subject),
            )
            status = SalaryRequestStatus.REQUESTED if hits else SalaryRequestStatus.APPROVED
            document = {
                "_id": request_id,
                "activity_id": activity_id,
                "member_id": principal.subject,
                "entity": activity["entity"],
                "currency": currency,
                "period": period.model_dump(mode="json"),
                "budget": str(budget),
                "expenses": str(sum((Decimal(note["total"]) for note in notes), Decimal("0.00"))),
                "expense_note_ids": [note["_id"] for note in notes],
                "contract_type": request.contract_type,
                "occupation_code": request.occupation_code,
                "description": request.description,
                "status": status.value,
                "reason": None,
                "payslip_id": None,
                "review_reasons": hits,
                "history": [
                    {
                        "status": SalaryRequestStatus.REQUESTED.value,
                        "at": now,
                        "by": principal.subject,
                        "comment": None,
                    },
                    *(
                        []
                        if hits
                        else [{"status": status.value, "at": now, "by": AUTOMATIC, "comment": None}]
                    ),
                ],
                "created_at": now,
            }
            review = None
            operation = {"kind": "salary_request", "id": request_id}
            if hits:
                review = await open_review(
                    tx,
                    activity=activity,
                    operation=operation,
                    timing=Timing.BEFORE,
                    reasons=hits,
                    amount=budget,
                    now=now,
                )
            elif sampled(request_id, policy.sample_rate):
                review = await open_review(
                    tx,
                    activity=activity,
                    operation=operation,
                    timing=Timing.AFTER,
                    reasons=[f"drawn for a control afterwards ({policy.sample_rate:%})"],
                    amount=budget,
                    now=now,
                )
            document["review_id"] = review
            await SalaryRequests(tx).add(document)
            for note in notes:
                await ExpenseNotes(tx).reimburse_by(note, request_id)
            # its payslip is booked to the activity like a job's
            await Jobs(tx).attach(request_id, activity, now)
            if not hits:
                await record_approved(tx, document)
            return salary_request_view(document)

        return await run_idempotent_as(
            SalaryRequest,
            self._uow,
            scope=f"salary-request:{principal.subject}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )


async def _notes_to_reimburse(
    tx: Transaction, activity_id: str, note_ids: list[str]
) -> list[Document]:
    """Approved notes of the activity, not yet on another request: the payslip pays them."""
    notes = ExpenseNotes(tx)
    found = []
    for note_id in dict.fromkeys(note_ids):
        note = await notes.get(note_id)
        if note is None or note["activity_id"] != activity_id:
            raise Unprocessable(f"expense_note_ids: {note_id} is not a note of this activity")
        if note["status"] != NoteStatus.APPROVED.value or note.get("reimbursed_by"):
            taken = note.get("reimbursed_by")
            where = f", on salary request {taken}" if taken else ""
            raise Unprocessable(
                f"expense_note_ids: note {note_id} is {note['status']}{where}: only an "
                "approved note not yet being paid is reimbursed"
            )
        found.append(note)
    return found
