"""What the salary-request use cases share: the request as the API shows it, its moves, and
its approval — the event members declares to payroll."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from smart_activities.adapters.repositories import ExpenseNotes, SalaryRequests
from smart_activities.domain.expense_notes import NoteStatus
from smart_activities.domain.salary_requests import SalaryRequestStatus
from smart_activities.notes import moved
from smart_activities.schemas import SalaryRequest
from smart_common.events.activities import ExpenseNotePaid, SalaryPeriod, SalaryRequested
from smart_common.persistence import Document, Transaction
from smart_common.representation import public_document


def salary_request_view(request: Document) -> SalaryRequest:
    return SalaryRequest.model_validate(public_document(request, "salary_request_id"))


async def record_approved(tx: Transaction, request: Document) -> None:
    period = request["period"]
    await tx.record_event(
        SalaryRequested(
            salary_request_id=request["_id"],
            activity_id=request["activity_id"],
            member_id=request["member_id"],
            entity=request["entity"],
            contract_type=request["contract_type"],
            occupation_code=request["occupation_code"],
            description=request["description"],
            period=SalaryPeriod(
                start_date=date.fromisoformat(period["start_date"]),
                end_date=date.fromisoformat(period["end_date"]),
                worked_days=period["worked_days"],
            ),
            budget=Decimal(request["budget"]),
            currency=request["currency"],
            expenses=Decimal(request["expenses"]),
            expense_note_ids=request["expense_note_ids"],
        ),
        subject=request["_id"],
        entity=request["entity"],
        correlation_id=request["_id"],
    )


async def settle(
    tx: Transaction,
    request_id: str,
    status: SalaryRequestStatus,
    at: datetime,
    by: str = "payroll",
    **changes: Any,
) -> None:
    """Payroll paid the request (its payslip) or refused it (its contract), or the member
    cancelled its job: what it held is released either way. Not a request, or settled
    already: nothing to do."""
    requests = SalaryRequests(tx)
    request = await requests.get(request_id)
    if request is None or request["status"] != SalaryRequestStatus.APPROVED.value:
        return
    after = moved(request, status, by, at, changes.get("reason"))
    await requests.save({**after, **changes}, SalaryRequestStatus.APPROVED.value)
    if status is SalaryRequestStatus.PAID:
        await reimbursed(tx, request, changes["payslip_id"], at)
    else:
        await release_notes(tx, request_id)


async def release_notes(tx: Transaction, request_id: str) -> None:
    """The request will not be paid: its notes wait for another salary or a transfer."""
    notes = ExpenseNotes(tx)
    for note in await notes.reimbursed_by(request_id):
        await notes.save({**note, "reimbursed_by": None}, NoteStatus.APPROVED.value)


async def reimbursed(tx: Transaction, request: Document, payslip_id: str, at: datetime) -> None:
    """The payslip reimbursed the request's notes (its ``expenses_reimbursed``, booked with
    the salary): each is paid."""
    notes = ExpenseNotes(tx)
    for note in await notes.reimbursed_by(request["_id"]):
        after = moved(note, NoteStatus.PAID, "payroll", at, f"reimbursed by payslip {payslip_id}")
        await notes.save({**after, "payslip_id": payslip_id}, NoteStatus.APPROVED.value)
        await tx.record_event(
            ExpenseNotePaid(
                expense_note_id=note["_id"],
                activity_id=note["activity_id"],
                member_id=note["member_id"],
                entity=note["entity"],
                amount=Decimal(note["total"]),
                currency=note["currency"],
                paid_on=at.date(),
                bank_reference=f"payslip {payslip_id}",
            ),
            subject=note["_id"],
            entity=note["entity"],
            correlation_id=request["_id"],
        )
