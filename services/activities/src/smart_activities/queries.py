"""What the activities routes read: activities, their ledger, balance and monthly statement.
Every figure is a sum of the ledger's lines (kept per month with the movements: see
``Movements``)."""

from __future__ import annotations

import base64
import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from smart_activities.adapters.receipt_store import ReceiptStore
from smart_activities.adapters.repositories import (
    ACTIVITIES,
    EXPENSE_NOTES,
    FINANCINGS,
    MONTH_TOTALS,
    MOVEMENTS,
    PARKED,
    REVIEWS,
    SALARY_REQUESTS,
)
from smart_activities.domain.figures import MonthFigures, Sums, balance, month_figures
from smart_activities.domain.ledger import Account, MovementKind, amount_of, cents
from smart_activities.domain.salary_requests import HOLDING
from smart_activities.financings import financing_view
from smart_activities.notes import note_view
from smart_activities.repayments import due_now
from smart_activities.salary_requests import salary_request_view
from smart_activities.schemas import (
    Activities,
    Activity,
    Balance,
    ExpenseNote,
    ExpenseNotes,
    Financing,
    Financings,
    Ledger,
    LedgerLine,
    LedgerMovement,
    ParkedEvent,
    ParkedEvents,
    Review,
    Reviews,
    SalaryRequest,
    SalaryRequests,
    Statement,
    StatementMonth,
)
from smart_activities.transfers import AdvanceTransfers
from smart_activities.use_cases.open_activity import activity_view
from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.persistence import Document, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable
from smart_common.representation import public_document

LONGEST_STATEMENT_MONTHS = 120


def _month(day: date) -> str:
    return day.isoformat()[:7]


def _months(first: date, last: date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


ORDER = [("order", 1)]
"""The ledger's order: by date, then when each movement's cause happened (see ``Movements``)."""


def _cursor(movement: Document) -> str:
    return base64.urlsafe_b64encode(movement["order"].encode()).decode().rstrip("=")


def _after(cursor: str) -> dict[str, Any]:
    try:
        after = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError) as error:
        raise Unprocessable("after: not a cursor this ledger gave") from error
    if after.count("|") < 3:
        raise Unprocessable("after: not a cursor this ledger gave")
    return {"order": {"$gt": after}}


def _lines(movement: Document) -> list[LedgerLine]:
    return [
        LedgerLine(
            account=line["account"],
            debit=str(amount_of(max(line["cents"], 0))),
            credit=str(amount_of(max(-line["cents"], 0))),
        )
        for line in movement["lines"]
    ]


class ActivitiesQueries:
    def __init__(
        self, uow: UnitOfWork, clock: Clock, receipts: ReceiptStore, transfers: AdvanceTransfers
    ):
        self._uow = uow
        self._clock = clock
        self._receipts = receipts
        self._transfers = transfers

    async def activity(self, principal: Principal, activity_id: str) -> Document:
        return await find_visible(
            self._uow, ACTIVITIES, {"_id": activity_id}, principal, "activity"
        )

    async def activities(self, principal: Principal, member_id: str | None) -> Activities:
        query = visible_scope(principal)
        if member_id and principal.is_staff:
            query["member_id"] = member_id
        found = await self._uow.find(ACTIVITIES, query, sort=[("opened_at", 1), ("_id", 1)])
        return Activities(items=[activity_view(activity) for activity in found])

    async def one(self, principal: Principal, activity_id: str) -> Activity:
        return activity_view(await self.activity(principal, activity_id))

    async def ledger(
        self, principal: Principal, activity_id: str, limit: int, after: str | None
    ) -> Ledger:
        activity = await self.activity(principal, activity_id)
        query: dict[str, Any] = {"activity_id": activity_id}
        if after:
            query |= _after(after)
        page = await self._uow.find(MOVEMENTS, query, sort=ORDER, limit=limit + 1)
        items = [
            LedgerMovement(
                movement_id=movement["_id"],
                date=date.fromisoformat(movement["date"]),
                kind=movement["kind"],
                label=movement["label"],
                lines=_lines(movement),
                source_event_type=movement["source"]["event_type"],
                recorded_at=movement["recorded_at"],
            )
            for movement in page[:limit]
        ]
        return Ledger(
            activity_id=activity_id,
            currency=activity["currency"],
            items=items,
            next=_cursor(page[limit - 1]) if len(page) > limit else None,
        )

    async def ledger_csv(self, principal: Principal, activity_id: str) -> str:
        activity = await self.activity(principal, activity_id)
        movements = await self._uow.find(MOVEMENTS, {"activity_id": activity_id}, sort=ORDER)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            ["date", "movement_id", "kind", "label", "account", "debit", "credit", "currency"]
        )
        for movement in movements:
            for line in _lines(movement):
                writer.writerow(
                    [
                        movement["date"],
                        movement["_id"],
                        movement["kind"],
                        movement["label"],
                        line.account,
                        line.debit,
                        line.credit,
                        activity["currency"],
                    ]
                )
        return out.getvalue()

    async def balance(self, principal: Principal, activity_id: str) -> Balance:
        activity = await self.activity(principal, activity_id)
        months = await self._uow.find(MONTH_TOTALS, {"activity_id": activity_id})
        repaying = await self._uow.find(
            FINANCINGS, {"activity_id": activity_id, "status": "repaying"}
        )
        today = self._clock.today()
        due = sum((due_now(financing, today) for financing in repaying), Decimal("0"))
        notes = await self._uow.find(
            EXPENSE_NOTES,
            {"activity_id": activity_id, "status": "approved"},
            projection={"total": 1},
        )
        held = await self._uow.find(
            SALARY_REQUESTS,
            {"activity_id": activity_id, "status": {"$in": list(HOLDING)}},
            projection={"budget": 1},
        )
        committed = sum(cents(Decimal(note["total"])) for note in notes) + sum(
            cents(Decimal(request["budget"])) for request in held
        )
        figures = balance(_sums(months), repayments_due=cents(due), committed=committed)
        return Balance(
            activity_id=activity_id,
            currency=activity["currency"],
            invoiced=str(figures.invoiced),
            receivable=str(figures.receivable),
            received=str(figures.received),
            contribution=str(figures.contribution),
            salaries=str(figures.salaries),
            expenses=str(figures.expenses),
            financing_owed=str(figures.financing_owed),
            repaid=str(figures.repaid),
            repayments_due=str(figures.repayments_due),
            committed=str(figures.committed),
            available=str(figures.available),
            movements=sum(month["movements"] for month in months),
        )

    async def statement(
        self, principal: Principal, activity_id: str, first: date | None, last: date | None
    ) -> Statement:
        activity = await self.activity(principal, activity_id)
        last = last or self._clock.today()
        first = first or date(last.year - 1, last.month, 1)
        if first > last:
            raise Unprocessable(f"from ({first}) is after to ({last})")
        months = _months(first, last)
        if len(months) > LONGEST_STATEMENT_MONTHS:
            raise Unprocessable(
                f"a statement covers at most {LONGEST_STATEMENT_MONTHS} months "
                f"({len(months)} asked)"
            )
        found = await self._uow.find(
            MONTH_TOTALS,
            {"activity_id": activity_id, "month": {"$gte": months[0], "$lte": months[-1]}},
        )
        totals = {month["month"]: _sums([month]) for month in found}
        return Statement(
            activity_id=activity_id,
            currency=activity["currency"],
            from_month=months[0],
            to_month=months[-1],
            months=[
                _statement_month(month_figures(month, totals.get(month, {}))) for month in months
            ],
        )

    async def expense_notes(self, principal: Principal, activity_id: str) -> ExpenseNotes:
        await self.activity(principal, activity_id)
        found = await self._uow.find(
            EXPENSE_NOTES, {"activity_id": activity_id}, sort=[("created_at", 1), ("_id", 1)]
        )
        return ExpenseNotes(items=[note_view(note) for note in found])

    async def expense_note(self, principal: Principal, note_id: str) -> ExpenseNote:
        return note_view(await self._visible_note(principal, note_id))

    async def receipt(
        self, principal: Principal, note_id: str, receipt_id: str
    ) -> tuple[bytes, str]:
        note = await self._visible_note(principal, note_id)
        attached = next(
            (item for item in note["receipts"] if item["receipt_id"] == receipt_id), None
        )
        content = await self._receipts.get(receipt_id) if attached else None
        if attached is None or content is None:
            raise NotFound("no such receipt")
        return content, attached["media_type"]

    async def reviews(self, principal: Principal, status: str, limit: int) -> Reviews:
        """The entity's reviews, the counsellor's own members' first, oldest first."""
        found = await self._uow.find(
            REVIEWS,
            {"entity": principal.entity, "status": status},
            sort=[("created_at", 1), ("_id", 1)],
        )
        found.sort(key=lambda review: review.get("counsellor_id") != principal.subject)
        return Reviews(
            items=[
                Review.model_validate(public_document(item, "review_id")) for item in found[:limit]
            ]
        )

    async def financings(self, principal: Principal, activity_id: str) -> Financings:
        await self.activity(principal, activity_id)
        found = await self._uow.find(
            FINANCINGS, {"activity_id": activity_id}, sort=[("created_at", 1), ("_id", 1)]
        )
        today = self._clock.today()
        return Financings(items=[financing_view(item, today) for item in found])

    async def financing(self, principal: Principal, financing_id: str) -> Financing:
        found = await find_visible(
            self._uow, FINANCINGS, {"_id": financing_id}, principal, "financing"
        )
        return financing_view(found, self._clock.today())

    async def salary_requests(self, principal: Principal, activity_id: str) -> SalaryRequests:
        await self.activity(principal, activity_id)
        found = await self._uow.find(
            SALARY_REQUESTS, {"activity_id": activity_id}, sort=[("created_at", 1), ("_id", 1)]
        )
        return SalaryRequests(items=[salary_request_view(item) for item in found])

    async def salary_request(self, principal: Principal, request_id: str) -> SalaryRequest:
        found = await find_visible(
            self._uow, SALARY_REQUESTS, {"_id": request_id}, principal, "salary request"
        )
        return salary_request_view(found)

    async def financing_transfer(self, principal: Principal, financing_id: str) -> bytes:
        financing = await self._uow.find_one(
            FINANCINGS, {"_id": financing_id, "entity": principal.entity}
        )
        if financing is None:
            raise NotFound("no such financing")
        if financing["disbursed_on"] is None:
            raise Conflict(f"the financing is {financing['status']}: no transfer")
        return self._transfers.advance(financing)

    async def parked(self, principal: Principal, limit: int) -> ParkedEvents:
        """Events the books hold until their job or invoice is known, oldest first: one held
        for long names a job this service never heard of (staff look at it)."""
        found = await self._uow.find(
            PARKED, {"envelope.entity": principal.entity}, sort=[("time", 1)], limit=limit
        )
        return ParkedEvents(
            items=[
                ParkedEvent(
                    event_id=item["_id"],
                    event_type=item["envelope"]["type"],
                    subject=item["envelope"]["subject"],
                    waits_for=item["waits_for"],
                    time=item["time"],
                )
                for item in found
            ]
        )

    async def _visible_note(self, principal: Principal, note_id: str) -> Document:
        return await find_visible(
            self._uow, EXPENSE_NOTES, {"_id": note_id}, principal, "expense note"
        )


def _sums(months: list[Document]) -> Sums:
    sums: dict[tuple[MovementKind, Account], int] = {}
    for month in months:
        for kind, accounts in month.get("sums", {}).items():
            for account, value in accounts.items():
                key = (MovementKind(kind), Account(account))
                sums[key] = sums.get(key, 0) + value
    return sums


def _statement_month(figures: MonthFigures) -> StatementMonth:
    return StatementMonth(
        month=figures.month,
        revenue=str(figures.revenue),
        costs=str(figures.costs),
        margin=str(figures.margin),
    )
