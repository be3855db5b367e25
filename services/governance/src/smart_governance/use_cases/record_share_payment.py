"""The payment of a subscription arrived (staff read it on the bank statement, matched on its
communication): its shares enter the register on the day paid, once — a second record of the
same payment is refused."""

from __future__ import annotations

from decimal import Decimal

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import SharePaid
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable
from smart_common.representation import public_document
from smart_governance.adapters.repositories import Subscriptions
from smart_governance.schemas import PaymentIn, Subscription


class RecordSharePayment(UseCase):
    raises = (SharePaid,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, subscription_id: str, request: PaymentIn
    ) -> Subscription:
        if request.paid_on > self._clock.today():
            raise Unprocessable("paid_on: a payment is recorded once it has arrived")

        async def pay(tx: Transaction) -> Subscription:
            subscriptions = Subscriptions(tx)
            subscription = await subscriptions.get(subscription_id, principal.entity)
            if subscription is None:
                raise NotFound(f"no subscription {subscription_id}")
            if request.paid_on < subscription["subscribed_at"].date():
                raise Unprocessable("paid_on: before the subscription")
            changes = {
                "status": "paid",
                "outstanding": subscription["shares"],
                "available": subscription["shares"],
                "paid_on": request.paid_on.isoformat(),
                "bank_reference": request.bank_reference,
                "payment_recorded_by": principal.subject,
                "payment_recorded_at": self._clock.now(),
            }
            if not await subscriptions.mark_paid(subscription_id, changes):
                raise Conflict(f"subscription {subscription_id} is {subscription['status']}")
            paid = subscription | changes
            holding = await subscriptions.holding(paid["member_id"], principal.entity)
            await tx.record_event(
                SharePaid(
                    subscription_id=subscription_id,
                    member_id=paid["member_id"],
                    entity=principal.entity,
                    category=paid["category"],
                    shares=paid["shares"],
                    total=Decimal(paid["total"]),
                    currency=paid["currency"],
                    paid_on=request.paid_on,
                    holding=holding,
                ),
                subject=paid["member_id"],
                entity=principal.entity,
                correlation_id=subscription_id,
            )
            return Subscription.model_validate(public_document(paid, "subscription_id"))

        return await self._uow.run(pay)
