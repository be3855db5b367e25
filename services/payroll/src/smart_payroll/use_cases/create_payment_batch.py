"""An administrator gathers the entity's pending salary payment orders into one SEPA batch.

A batch's lifecycle: ``created`` → ``exported`` (the file was fetched) → ``confirmed`` (the
bank executed it: every order is paid, ``salary.paid`` is published). An order whose worker has
no postal address stays out of the batch (banks refuse unstructured addresses) and is listed
as such.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from smart_common.auth import Principal, require_admin
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.idempotency import fingerprint, run_remembered
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Unprocessable
from smart_payroll.adapters.repositories import PAYMENT_BATCHES, PAYMENT_ORDERS
from smart_payroll.schemas import PaymentBatch

BATCH_LIMIT = 5000


class CreatePaymentBatch(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, key: str) -> tuple[PaymentBatch, bool]:
        """Once per Idempotency-Key: a repeated request answers the batch the first made."""
        require_admin(principal)
        answer, created = await run_remembered(
            self._uow,
            scope=f"payment-batch:{principal.entity}",
            key=key,
            request_fingerprint=fingerprint({}),
            run=lambda: self._gather(principal),
        )
        return PaymentBatch.model_validate(answer), created

    async def _gather(self, principal: Principal) -> dict[str, Any]:
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
            return PaymentBatch.of(batch).model_dump(mode="json")

        return await self._uow.run(gather)
