"""What the collections routes read: receivables and payments as their callers may see them."""

from __future__ import annotations

from smart_collections.adapters.bank_statements import BANK_STATEMENTS, STATEMENT_LINES
from smart_collections.adapters.repositories import PAYMENTS, RECEIVABLES
from smart_collections.schemas import BankStatement, BankStatementWithLines, Payment, Receivable
from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.persistence import UnitOfWork
from smart_common.problems import NotFound
from smart_common.representation import public_document


class CollectionsQueries:
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

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
