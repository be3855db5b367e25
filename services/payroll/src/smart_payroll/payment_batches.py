"""Salary payment batches: an administrator gathers the entity's pending salary payment orders
into one SEPA file (pain.001.001.09), exports it to the bank, and confirms it once executed.

Lifecycle: ``created`` → ``exported`` (the file was fetched) → ``confirmed`` (the bank executed
it: every order is paid, ``salary.paid`` is published). An order whose worker has no postal
address stays out of the batch (banks refuse unstructured addresses) and is listed as such.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from smart_common.auth import Principal, Role
from smart_common.clock import Clock
from smart_common.events.payroll import SalaryPaid
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, Forbidden, NotFound, Unprocessable
from smart_common.representation import public_document
from smart_payroll.adapters.repositories import PAYMENT_BATCHES, PAYMENT_ORDERS
from smart_payroll.documents.pain001 import Batch, Party, PostalAddress, Transfer, render_pain001
from smart_payroll.settings import PayrollSettings

BATCH_LIMIT = 5000


def require_admin(principal: Principal) -> None:
    if Role.ADMIN not in principal.roles:
        raise Forbidden("salary payment batches are prepared by an administrator")


class PaymentBatches:
    def __init__(
        self,
        uow: UnitOfWork,
        personal_data: PersonalDataCipher,
        settings: PayrollSettings,
        clock: Clock,
    ):
        self._clock = clock
        self._uow = uow
        self._personal_data = personal_data
        self._settings = settings

    def _debtor(self) -> Party:
        settings = self._settings
        return Party(
            settings.employer_name,
            PostalAddress(
                settings.employer_street,
                settings.employer_postal_code,
                settings.employer_city,
                settings.employer_country,
            ),
        )

    async def create(self, principal: Principal) -> dict[str, Any]:
        require_admin(principal)
        pending = await self._uow.find(
            PAYMENT_ORDERS,
            {"status": "created", "entity": principal.entity},
            sort=[("created_at", 1)],
            limit=BATCH_LIMIT,
        )
        ready = [order for order in pending if order["creditor"].get("address")]
        left_out = [
            {"payment_order_id": order["_id"], "reason": "the worker has no postal address"}
            for order in pending
            if not order["creditor"].get("address")
        ]
        if not ready:
            raise Unprocessable(
                "no salary payment order is ready to be paid"
                + (f" ({len(left_out)} wait for the worker's postal address)" if left_out else "")
            )
        currencies = {order["currency"] for order in ready}
        if len(currencies) != 1:
            raise Unprocessable(f"orders in several currencies: {sorted(currencies)}")

        async def gather(tx: Transaction) -> dict[str, Any]:
            now = self._clock.now()
            batch_id = str(uuid.uuid4())
            taken = []
            for order in ready:
                if await tx.collection(PAYMENT_ORDERS).update_one(
                    {"_id": order["_id"], "status": "created"},
                    {"$set": {"status": "batched", "batch_id": batch_id}},
                ):
                    taken.append(order)
            if not taken:
                raise Conflict("the pending orders were batched meanwhile")
            batch = {
                "_id": batch_id,
                "entity": principal.entity,
                "message_id": f"SMART-{principal.entity}-{now:%Y%m%d%H%M%S}-{batch_id[:6]}",
                "orders": [order["_id"] for order in taken],
                "number_of_transactions": len(taken),
                "control_sum": str(sum((Decimal(order["amount"]) for order in taken), Decimal(0))),
                "currency": taken[0]["currency"],
                "status": "created",
                "created_at": now,
                "created_by": principal.subject,
                "left_out": left_out,
            }
            await tx.collection(PAYMENT_BATCHES).insert_one(batch)
            return public_document(batch, "batch_id")

        return await self._uow.run(gather)

    async def _batch(self, principal: Principal, batch_id: str) -> dict[str, Any]:
        require_admin(principal)
        batch = await self._uow.find_one(PAYMENT_BATCHES, {"_id": batch_id})
        if batch is None or batch["entity"] != principal.entity:
            raise NotFound("no such payment batch")
        return batch

    async def batch(self, principal: Principal, batch_id: str) -> dict[str, Any]:
        return public_document(await self._batch(principal, batch_id), "batch_id")

    async def export(self, principal: Principal, batch_id: str) -> bytes:
        """The pain.001.001.09 file; the first export moves the batch to ``exported``."""
        batch = await self._batch(principal, batch_id)
        orders = await self._uow.find(PAYMENT_ORDERS, {"batch_id": batch_id})
        by_id = {order["_id"]: order for order in orders}
        transfers = []
        for order_id in batch["orders"]:
            order = by_id[order_id]
            address = order["creditor"]["address"]
            transfers.append(
                Transfer(
                    end_to_end_id=order_id.replace("-", "")[:35],
                    amount=Decimal(order["amount"]),
                    creditor=Party(
                        order["creditor"]["name"],
                        PostalAddress(
                            address["street"],
                            address["postal_code"],
                            address["city"],
                            address["country"],
                        ),
                    ),
                    iban=self._personal_data.open(order["creditor"]["iban"]),
                    remittance=f"Salary {order['payslip_id'][:8]} job {order['job_id'][:8]}",
                    execution_date=max(
                        date.fromisoformat(order["execution_date"]), self._clock.today()
                    ),
                )
            )
        content = render_pain001(
            Batch(
                message_id=batch["message_id"],
                created_at=batch["created_at"],
                debtor=self._debtor(),
                debtor_iban=self._settings.salary_account_iban,
                debtor_bic=self._settings.salary_account_bic,
                currency=batch["currency"],
                transfers=transfers,
            )
        )
        if batch["status"] == "created":

            async def exported(tx: Transaction) -> None:
                await tx.collection(PAYMENT_BATCHES).update_one(
                    {"_id": batch_id, "status": "created"},
                    {"$set": {"status": "exported", "exported_at": self._clock.now()}},
                )

            await self._uow.run(exported)
        return content

    async def confirm(self, principal: Principal, batch_id: str) -> dict[str, Any]:
        """The bank executed the file: every order of the batch is paid."""
        batch = await self._batch(principal, batch_id)
        if batch["status"] == "confirmed":
            return public_document(batch, "batch_id")
        if batch["status"] != "exported":
            raise Conflict("export the batch to the bank before confirming it")

        async def confirm(tx: Transaction) -> dict[str, Any]:
            if not await tx.collection(PAYMENT_BATCHES).update_one(
                {"_id": batch_id, "status": "exported"},
                {"$set": {"status": "confirmed", "confirmed_at": self._clock.now()}},
            ):
                raise Conflict("the batch changed meanwhile")
            orders = await tx.collection(PAYMENT_ORDERS).find({"batch_id": batch_id})
            for order in orders:
                await tx.collection(PAYMENT_ORDERS).update_one(
                    {"_id": order["_id"]},
                    {"$set": {"status": "paid", "paid_at": self._clock.now()}},
                )
                await tx.record_event(
                    SalaryPaid(
                        payment_order_id=order["_id"],
                        payslip_id=order["payslip_id"],
                        job_id=order["job_id"],
                        member_id=order["member_id"],
                        batch_id=batch_id,
                        amount=Decimal(order["amount"]),
                        currency=order["currency"],
                    ),
                    subject=order["payslip_id"],
                    entity=batch["entity"],
                    correlation_id=order["job_id"],
                )
            updated = await tx.collection(PAYMENT_BATCHES).find_one({"_id": batch_id})
            assert updated is not None
            return public_document(updated, "batch_id")

        return await self._uow.run(confirm)
