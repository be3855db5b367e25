"""Staff record that the cooperative paid an approved note back to the member (a transfer,
with its bank reference): its amount leaves the activity's cash, once."""

from __future__ import annotations

from decimal import Decimal

from smart_activities.adapters.repositories import ExpenseNotes, MonthTotals, Movements
from smart_activities.domain import ledger
from smart_activities.domain.expense_notes import NoteStatus
from smart_activities.notes import moved, note_view
from smart_activities.schemas import ExpenseNote, ExpenseNotePaymentIn
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.activities import ExpenseNotePaid
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable


class PayExpenseNote(UseCase):
    raises = (ExpenseNotePaid,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self,
        principal: Principal,
        note_id: str,
        request: ExpenseNotePaymentIn,
        idempotency_key: str,
    ) -> tuple[ExpenseNote, bool]:
        paid_on = request.paid_on or self._clock.today()
        if paid_on > self._clock.today():
            raise Unprocessable(f"paid_on: {paid_on} is after today")

        async def pay(tx: Transaction) -> ExpenseNote:
            notes = ExpenseNotes(tx)
            note = await notes.get(note_id)
            if note is None or note["entity"] != principal.entity:
                raise NotFound("no such expense note")
            if note["status"] != NoteStatus.APPROVED.value:
                raise Conflict(f"only an approved note is paid; this one is {note['status']}")
            if note.get("reimbursed_by"):
                raise Conflict(
                    f"the note is reimbursed by salary request {note['reimbursed_by']}'s payslip"
                )
            amount = Decimal(note["total"])
            cash = await MonthTotals(tx).cash(note["activity_id"])
            if cash < ledger.cents(amount):
                raise Unprocessable(
                    f"the activity's cash ({ledger.amount_of(cash)} {note['currency']}) does "
                    f"not cover the note ({amount} {note['currency']})"
                )
            movement = ledger.expense_note_paid(paid_on, f"expense note {note_id[:8]}", amount)
            source = {
                "event_type": ExpenseNotePaid.event_type,
                "event_id": note_id,
                "subject": note_id,
            }
            now = self._clock.now()
            await Movements(tx).post(
                f"{note_id}:{movement.kind.value}", note, movement, source, now
            )
            after = moved(note, NoteStatus.PAID, principal.subject, now)
            after["bank_reference"] = request.bank_reference
            await notes.save(after, NoteStatus.APPROVED.value)
            await tx.record_event(
                ExpenseNotePaid(
                    expense_note_id=note_id,
                    activity_id=note["activity_id"],
                    member_id=note["member_id"],
                    entity=note["entity"],
                    amount=amount,
                    currency=note["currency"],
                    paid_on=paid_on,
                    bank_reference=request.bank_reference,
                ),
                subject=note_id,
                entity=note["entity"],
                correlation_id=note["activity_id"],
            )
            return note_view(after)

        return await run_idempotent_as(
            ExpenseNote,
            self._uow,
            scope=f"expense-note-payment:{note_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=pay,
        )
