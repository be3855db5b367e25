"""What the collections routes read: receivables and payments as their callers may see them."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from smart_collections.adapters.bank_statements import BANK_STATEMENTS, STATEMENT_LINES
from smart_collections.adapters.repositories import (
    COLLECTION_CASES,
    FUND_MOVEMENTS,
    PAYMENTS,
    RECEIVABLES,
    REMINDERS,
    WRITE_OFFS,
)
from smart_collections.domain.guarantee_fund import ZERO, Account, MovementKind, balances
from smart_collections.schemas import (
    BankStatement,
    BankStatementWithLines,
    CollectionCase,
    FundBooks,
    FundMovement,
    GuaranteeFund,
    Payment,
    Receivable,
    Reminder,
    WriteOff,
)
from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.persistence import UnitOfWork
from smart_common.problems import NotFound
from smart_common.representation import public_document


class CollectionsQueries:
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def receivable(self, principal: Principal, receivable_id: str) -> Receivable:
        receivable = await find_visible(
            self._uow, RECEIVABLES, {"_id": receivable_id}, principal, "receivable"
        )
        return Receivable.model_validate(public_document(receivable, "receivable_id"))

    async def receivables(
        self, principal: Principal, job_id: str | None, invoice_id: str | None
    ) -> list[Receivable]:
        query = visible_scope(principal)
        if job_id:
            query["job_id"] = job_id
        if invoice_id:
            query["invoice_id"] = invoice_id
        found = await self._uow.find(RECEIVABLES, query, sort=[("opened_at", -1)], limit=200)
        return [
            Receivable.model_validate(public_document(receivable, "receivable_id"))
            for receivable in found
        ]

    async def payment(self, principal: Principal, payment_id: str) -> Payment:
        payment = await self._uow.find_one(
            PAYMENTS, {"_id": payment_id, "entity": principal.entity}
        )
        if payment is None:
            raise NotFound("no such payment")
        return Payment.model_validate(public_document(payment, "payment_id"))

    async def unmatched_payments(self, principal: Principal, limit: int) -> list[Payment]:
        """The queue: payments no receivable took, the oldest first."""
        found = await self._uow.find(
            PAYMENTS,
            {"entity": principal.entity, "status": "unmatched"},
            sort=[("recorded_at", 1)],
            limit=limit,
        )
        return [Payment.model_validate(public_document(p, "payment_id")) for p in found]

    async def bank_statements(self, principal: Principal, limit: int) -> list[BankStatement]:
        found = await self._uow.find(
            BANK_STATEMENTS, {"entity": principal.entity}, sort=[("imported_at", -1)], limit=limit
        )
        return [BankStatement.model_validate(public_document(s, "statement_id")) for s in found]

    async def bank_statement(
        self, principal: Principal, statement_id: str
    ) -> BankStatementWithLines:
        statement = await self._uow.find_one(
            BANK_STATEMENTS, {"_id": statement_id, "entity": principal.entity}
        )
        if statement is None:
            raise NotFound("no such bank statement")
        lines = await self._uow.find(
            STATEMENT_LINES, {"statement_id": statement_id}, sort=[("index", 1)]
        )
        return BankStatementWithLines.model_validate(
            public_document(statement, "statement_id") | {"lines": lines}
        )

    async def write_offs(self, principal: Principal, status: str | None) -> list[WriteOff]:
        query: dict[str, object] = {"entity": principal.entity}
        if status:
            query["status"] = status
        found = await self._uow.find(WRITE_OFFS, query, sort=[("proposed_at", -1)], limit=500)
        return [WriteOff.model_validate(public_document(w, "write_off_id")) for w in found]

    async def guarantee_fund(
        self, principal: Principal, year: int | None, receivable_id: str | None, limit: int
    ) -> GuaranteeFund:
        """The entity's fund per currency, summed from every movement's lines (the books are
        never a stored figure), its losses of ``year`` (default: this one) and its latest
        movements."""
        year = year or self._clock.today().year
        movements = await self._uow.find(
            FUND_MOVEMENTS,
            {"entity": principal.entity},
            projection={"currency": 1, "kind": 1, "at": 1, "lines": 1, "amount": 1},
        )
        lines: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
        losses_of_year: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for movement in movements:
            currency = movement["currency"]
            lines[currency] += [(ln["account"], Decimal(ln["amount"])) for ln in movement["lines"]]
            at: datetime = movement["at"]
            if at.year == year and movement["kind"] in (
                MovementKind.WRITTEN_OFF,
                MovementKind.LOSS_REVERSED,
            ):
                sign = 1 if movement["kind"] == MovementKind.WRITTEN_OFF else -1
                losses_of_year[currency] += sign * Decimal(movement["amount"])
        books = []
        for currency, booked in sorted(lines.items()):
            totals = balances(booked)
            books.append(
                FundBooks(
                    currency=currency,
                    balance=totals[Account.FUND_CASH],
                    exposure=totals[Account.ADVANCES],
                    losses=totals[Account.LOSSES],
                    losses_of_the_year=losses_of_year[currency],
                    balanced=sum(totals.values(), ZERO) == ZERO,
                    movement_count=sum(1 for m in movements if m["currency"] == currency),
                )
            )
        shown: dict[str, object] = {"entity": principal.entity}
        if receivable_id:
            shown["receivable_id"] = receivable_id
        latest = await self._uow.find(FUND_MOVEMENTS, shown, sort=[("at", -1)], limit=limit)
        return GuaranteeFund(
            entity=principal.entity,
            year=year,
            books=books,
            movements=[
                FundMovement.model_validate(public_document(m, "movement_id")) for m in latest
            ],
        )

    async def reminders(
        self, principal: Principal, receivable_id: str | None, limit: int
    ) -> list[Reminder]:
        query: dict[str, object] = {"entity": principal.entity}
        if receivable_id:
            query["receivable_id"] = receivable_id
        found = await self._uow.find(REMINDERS, query, sort=[("issued_at", -1)], limit=limit)
        return [Reminder.model_validate(public_document(r, "reminder_id")) for r in found]

    async def collection_cases(
        self, principal: Principal, status: str | None, assignee: str | None, limit: int
    ) -> list[CollectionCase]:
        """The collections team's queue, the oldest first."""
        query: dict[str, object] = {"entity": principal.entity}
        if status:
            query["status"] = status
        if assignee:
            query["assignee"] = assignee
        found = await self._uow.find(COLLECTION_CASES, query, sort=[("opened_at", 1)], limit=limit)
        return [CollectionCase.model_validate(public_document(c, "case_id")) for c in found]

    async def collection_case(self, principal: Principal, case_id: str) -> CollectionCase:
        found = await self._uow.find_one(
            COLLECTION_CASES, {"_id": case_id, "entity": principal.entity}
        )
        if found is None:
            raise NotFound("no such collections case in the entity")
        return CollectionCase.model_validate(public_document(found, "case_id"))
