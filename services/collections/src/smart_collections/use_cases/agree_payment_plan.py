"""Staff agree a payment plan with the client: instalments covering what is owed replace the
reminders while they are paid; an instalment missed past the grace days breaks the plan and
the reminders resume (the reminder run checks)."""

from __future__ import annotations

from decimal import Decimal

from smart_collections.adapters.repositories import RECEIVABLES
from smart_collections.domain.payment_plan import Instalment, InvalidPlan, check_plan
from smart_collections.schemas import PaymentPlanIn, Receivable
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable
from smart_common.representation import public_document


class AgreePaymentPlan(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, receivable_id: str, body: PaymentPlanIn
    ) -> Receivable:
        async def agree(tx: Transaction) -> Receivable:
            receivables = tx.collection(RECEIVABLES)
            found = await receivables.find_one({"_id": receivable_id, "entity": principal.entity})
            if found is None:
                raise NotFound("no such receivable in the entity")
            if found["status"] not in ("open", "partially_paid", "guaranteed"):
                raise Conflict(f"the receivable is {found['status']}: nothing to plan")
            if (found.get("payment_plan") or {}).get("status") == "kept":
                raise Conflict("a payment plan is being kept already")
            paid = Decimal(found.get("paid", "0"))
            owed = Decimal(found["amount"]) - Decimal(found.get("credited", "0")) - paid
            instalments = [Instalment(i.due_date, i.amount) for i in body.instalments]
            try:
                check_plan(instalments, owed, self._clock.today())
            except InvalidPlan as error:
                raise Unprocessable(str(error)) from None
            plan = {
                "status": "kept",
                "instalments": [
                    {"due_date": i.due_date.isoformat(), "amount": str(i.amount)}
                    for i in instalments
                ],
                "paid_when_agreed": str(paid),
                "agreed_by": principal.subject,
                "agreed_at": self._clock.now(),
            }
            await receivables.update_one(
                {"_id": receivable_id}, {"$set": {"payment_plan": plan}, "$inc": {"version": 1}}
            )
            found |= {"payment_plan": plan, "version": found.get("version", 0) + 1}
            return Receivable.model_validate(public_document(found, "receivable_id"))

        return await self._uow.run(agree)
