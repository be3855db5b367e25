"""The reminder run: every unpaid receivable of the entity whose next step of the schedule is
due on the day gets it — a numbered reminder with what the client owes that day (principal,
interest to date, compensation), or, at the last step, a collections case for people. One step
per receivable per run, never the same step twice; disputed receivables and those under a
payment plan being kept wait (a plan whose instalment is late past the pack's grace days is
broken first, and the reminders resume). Runs daily by itself; staff may run it for a day that
has come (any day in development). Who ran it is recorded."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from smart_collections.adapters.repositories import (
    COLLECTION_CASES,
    RECEIVABLES,
    REMINDER_RUNS,
    REMINDERS,
)
from smart_collections.domain.payment_plan import Instalment, kept
from smart_collections.domain.reminders import HAND_OFF, Planned, ReminderPolicy, Sent, Unpaid
from smart_collections.schemas import ReminderRunOutcome
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.collections import CollectionCaseOpened, ReminderIssued
from smart_common.events.envelope import EventData
from smart_common.idempotency import fingerprint, run_remembered
from smart_common.numbering import next_number
from smart_common.persistence import Document, RetryableConflict, Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured

REMINDED = ("open", "partially_paid", "guaranteed")
"""Statuses of a receivable the client still owes on (written off, paid, cancelled: no)."""


def unpaid(receivable: Document) -> Unpaid:
    owed = (
        Decimal(receivable["amount"])
        - Decimal(receivable.get("credited", "0"))
        - Decimal(receivable.get("paid", "0"))
    )
    return Unpaid(
        receivable_id=receivable["_id"],
        client_kind=receivable.get("client_kind") or "business",
        due_date=date.fromisoformat(receivable["due_date"]),
        outstanding=owed,
        sent=tuple(
            Sent(step["step"], date.fromisoformat(step["on"]))
            for step in receivable.get("reminders", [])
        ),
    )


class RunReminders(UseCase):
    raises = (ReminderIssued, CollectionCaseOpened)

    def __init__(
        self, uow: UnitOfWork, clock: Clock, rules: RuleBook, entity: str, may_anticipate: bool
    ):
        self._uow = uow
        self._clock = clock
        self._rules = rules
        self._entity = entity
        self._may_anticipate = may_anticipate

    async def __call__(self, as_of: date | None = None, by: str | None = None) -> dict[str, int]:
        """What this run issued: reminders per step and cases opened."""
        as_of = as_of or self._clock.today()
        policy = ReminderPolicy(self._rules, self._entity, as_of)
        await self._break_missed_plans(as_of, policy.payment_plan_grace_days)
        candidates = await self._uow.find(
            RECEIVABLES,
            {
                "entity": self._entity,
                "status": {"$in": list(REMINDED)},
                "due_date": {"$lt": as_of.isoformat()},
                "disputed_at": None,
                "payment_plan.status": {"$ne": "kept"},
            },
            projection={
                "amount": 1,
                "credited": 1,
                "paid": 1,
                "client_kind": 1,
                "due_date": 1,
                "reminders": 1,
            },
        )
        issued: dict[str, int] = {}
        for candidate in candidates:
            planned = policy.next_step(unpaid(candidate), as_of)
            if planned is None:
                continue

            async def issue(tx: Transaction, planned: Planned = planned) -> bool:
                return await self._issue(tx, planned, as_of)

            if await self._uow.run(issue):
                issued[planned.step] = issued.get(planned.step, 0) + 1
        if issued or by is not None:
            run = {
                "_id": str(uuid.uuid4()),
                "entity": self._entity,
                "as_of": as_of.isoformat(),
                "by": by or "scheduler",
                "at": self._clock.now(),
                "issued": issued,
            }
            await self._uow.run(lambda tx: tx.collection(REMINDER_RUNS).insert_one(run))
        return issued

    async def _break_missed_plans(self, as_of: date, grace_days: int) -> None:
        plans = await self._uow.find(
            RECEIVABLES,
            {
                "entity": self._entity,
                "status": {"$in": list(REMINDED)},
                "payment_plan.status": "kept",
            },
            projection={"payment_plan": 1, "paid": 1},
        )
        for found in plans:
            plan = found["payment_plan"]
            instalments = [
                Instalment(date.fromisoformat(i["due_date"]), Decimal(i["amount"]))
                for i in plan["instalments"]
            ]
            since = Decimal(found.get("paid", "0")) - Decimal(plan["paid_when_agreed"])
            if kept(instalments, since, as_of, grace_days):
                continue

            async def broken(tx: Transaction, receivable_id: str = found["_id"]) -> None:
                await tx.collection(RECEIVABLES).update_one(
                    {"_id": receivable_id, "payment_plan.status": "kept"},
                    {
                        "$set": {
                            "payment_plan.status": "broken",
                            "payment_plan.broken_on": as_of.isoformat(),
                        },
                        "$inc": {"version": 1},
                    },
                )

            await self._uow.run(broken)

    async def _issue(self, tx: Transaction, planned: Planned, as_of: date) -> bool:
        receivables = tx.collection(RECEIVABLES)
        receivable = await receivables.find_one({"_id": planned.receivable_id})
        if receivable is None or len(receivable.get("reminders", [])) != planned.index:
            return False  # another run took this step meanwhile
        if receivable["status"] not in REMINDED or receivable.get("disputed_at"):
            return False
        if (receivable.get("payment_plan") or {}).get("status") == "kept":
            return False
        document_id = str(uuid.uuid4())
        now = self._clock.now()
        amounts = planned.amounts
        event: EventData
        if planned.step == HAND_OFF:
            await tx.collection(COLLECTION_CASES).insert_one(
                {
                    "_id": document_id,
                    "entity": receivable["entity"],
                    "receivable_id": receivable["_id"],
                    "invoice_id": receivable["invoice_id"],
                    "invoice_number": receivable.get("invoice_number"),
                    "job_id": receivable["job_id"],
                    "amount_due": str(amounts.total),
                    "currency": receivable["currency"],
                    "status": "open",
                    "assignee": None,
                    "notes": [],
                    "promised_on": None,
                    "outcome": None,
                    "opened_on": as_of.isoformat(),
                    "opened_at": now,
                }
            )
            event = CollectionCaseOpened(
                case_id=document_id,
                receivable_id=receivable["_id"],
                invoice_id=receivable["invoice_id"],
                job_id=receivable["job_id"],
                amount_due=amounts.total,
                currency=receivable["currency"],
            )
            number = None
        else:
            year = as_of.year
            number = (
                f"R{receivable['entity']}{year}-"
                f"{await next_number(tx, f'reminder:{receivable["entity"]}:{year}'):06d}"
            )
            reminder: dict[str, Any] = {
                "_id": document_id,
                "number": number,
                "entity": receivable["entity"],
                "receivable_id": receivable["_id"],
                "invoice_id": receivable["invoice_id"],
                "invoice_number": receivable.get("invoice_number"),
                "job_id": receivable["job_id"],
                "step": planned.step,
                "as_of": as_of.isoformat(),
                "pay_by": planned.pay_by.isoformat(),
                "principal": str(amounts.principal),
                "interest": str(amounts.interest),
                "compensation": str(amounts.compensation),
                "total": str(amounts.total),
                "currency": receivable["currency"],
                "interest_complete": amounts.interest_complete,
                "notes": list(amounts.notes),
                "language": receivable.get("language"),
                "status": "issued",
                "issued_at": now,
            }
            await tx.collection(REMINDERS).insert_one(reminder)
            event = ReminderIssued(
                reminder_id=document_id,
                number=number,
                receivable_id=receivable["_id"],
                invoice_id=receivable["invoice_id"],
                job_id=receivable["job_id"],
                step=planned.step,
                as_of=as_of,
                pay_by=planned.pay_by,
                principal=amounts.principal,
                interest=amounts.interest,
                compensation=amounts.compensation,
                total=amounts.total,
                currency=receivable["currency"],
                interest_complete=amounts.interest_complete,
                language=receivable.get("language"),
            )
        changed = await receivables.update_one(
            {"_id": receivable["_id"], "version": receivable.get("version")},
            {
                "$push": {
                    "reminders": {"step": planned.step, "on": as_of.isoformat(), "id": document_id}
                },
                "$inc": {"version": 1},
            },
        )
        if not changed:
            raise RetryableConflict(f"receivable {receivable['_id']} changed meanwhile")
        await tx.record_event(
            event,
            subject=receivable["_id"],
            entity=receivable["entity"],
            correlation_id=receivable["job_id"],
            traceparent=receivable.get("traceparent"),
        )
        return True

    async def for_staff(
        self, principal: Principal, as_of: date | None, key: str
    ) -> tuple[ReminderRunOutcome, bool]:
        today = self._clock.today()
        day = as_of or today
        if day > today and not self._may_anticipate:
            raise Unprocessable(
                f"as_of: a reminder run reminds what is late by a day that has come: at most "
                f"today ({today.isoformat()}), not {day.isoformat()}"
            )
        try:
            ReminderPolicy(self._rules, self._entity, day)
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"as_of: the entity's reminder rules do not cover {day.isoformat()} ({error})"
            ) from error

        async def run() -> dict[str, object]:
            return {"as_of": day.isoformat(), "issued": await self(day, principal.subject)}

        answer, created = await run_remembered(
            self._uow,
            scope=f"reminder-run:{self._entity}",
            key=key,
            request_fingerprint=fingerprint({"as_of": day.isoformat()}),
            run=run,
        )
        return ReminderRunOutcome.model_validate(answer), created
