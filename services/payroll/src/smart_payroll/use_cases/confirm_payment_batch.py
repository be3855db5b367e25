"""An administrator confirms the bank executed a batch: every salary in it is paid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from smart_common.auth import Principal, require_admin
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.payroll import SalaryPaid
from smart_common.idempotency import fingerprint, run_remembered
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict
from smart_payroll.adapters.repositories import PAYMENT_BATCHES, PAYMENT_ORDERS
from smart_payroll.schemas import PaymentBatch
from smart_payroll.use_cases.payment_batches import batch_of


class ConfirmPaymentBatch(UseCase):
    raises = (SalaryPaid,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, batch_id: str, key: str) -> PaymentBatch:
        """Once per Idempotency-Key: a repeated request answers what the first did."""
        require_admin(principal)
        answer, _ = await run_remembered(
            self._uow,
            scope=f"payment-batch-confirmation:{batch_id}",
            key=key,
            request_fingerprint=fingerprint({"batch_id": batch_id}),
            run=lambda: self._confirm(principal, batch_id),
        )
        return PaymentBatch.model_validate(answer)

    async def _confirm(self, principal: Principal, batch_id: str) -> dict[str, Any]:
        batch = await batch_of(self._uow, principal, batch_id)
        if batch["status"] == "confirmed":
            return PaymentBatch.of(batch).model_dump(mode="json")
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
            return PaymentBatch.of(updated).model_dump(mode="json")

        return await self._uow.run(confirm)
