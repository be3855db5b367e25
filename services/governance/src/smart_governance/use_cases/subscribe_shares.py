"""A member subscribes cooperative shares of a category at the entity's price (staff: on a
member's behalf). The subscription awaits its payment (``pending_payment``), with the
communication to give with the transfer; the member is a shareholder once it is paid."""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import ShareSubscribed
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.numbering import next_number
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Forbidden, Unprocessable
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook
from smart_common.structured_communication import payment_reference
from smart_governance.adapters.repositories import Members, Subscriptions
from smart_governance.domain.register import subscription_problem
from smart_governance.schemas import Subscription, SubscriptionIn
from smart_governance.statutes import ShareRules

REFERENCE_SERIES = "share_subscription"
REFERENCE_BASE = 7_000_000_000
"""Share subscriptions' payment references start here, apart from the invoices' own."""


def held_in(subscriptions: list[dict[str, Any]], category: str) -> int:
    """Shares of ``category`` paid and still held, or awaiting their payment."""
    return sum(
        item["outstanding"] if item["status"] == "paid" else item["shares"]
        for item in subscriptions
        if item.get("category") == category and item["status"] in ("paid", "pending_payment")
    )


class SubscribeShares(UseCase):
    raises = (ShareSubscribed,)

    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def __call__(
        self, principal: Principal, request: SubscriptionIn, idempotency_key: str
    ) -> tuple[Subscription, bool]:
        member_id = request.member_id or principal.subject
        if member_id != principal.subject and not principal.is_staff:
            raise Forbidden("members subscribe shares for themselves only")
        statutes = ShareRules.of(self._rules, principal.entity, self._clock.today())
        name = request.category or next(iter(statutes.categories))
        total = statutes.unit_price * request.shares

        async def create(tx: Transaction) -> Subscription:
            # a member's own token proves they exist; on their behalf, governance must know them
            if member_id != principal.subject and not await Members(tx).exists(
                member_id, principal.entity
            ):
                raise Unprocessable(
                    f"member_id: no member {member_id} in entity {principal.entity} (a member "
                    "registered a moment ago may take a few seconds to be known here)"
                )
            subscriptions = Subscriptions(tx)
            held = held_in(await subscriptions.of_member(member_id, principal.entity), name)
            problem = subscription_problem(
                statutes.categories.get(name), request.holder, held, request.shares
            )
            if problem:
                raise Unprocessable(problem)
            number = await next_number(tx, REFERENCE_SERIES)
            subscription: dict[str, Any] = {
                "_id": str(uuid.uuid4()),
                "member_id": member_id,
                "entity": principal.entity,
                "category": name,
                "holder": request.holder,
                "shares": request.shares,
                "outstanding": 0,
                "available": 0,
                "unit_price": str(statutes.unit_price),
                "total": str(total),
                "currency": statutes.currency,
                "status": "pending_payment",
                "payment_reference": payment_reference(
                    statutes.payment_reference, REFERENCE_BASE + number
                ),
                "subscribed_at": self._clock.now(),
                "paid_on": None,
            }
            await subscriptions.add(subscription)
            await tx.record_event(
                ShareSubscribed(
                    subscription_id=subscription["_id"],
                    member_id=member_id,
                    entity=principal.entity,
                    shares=request.shares,
                    unit_price=statutes.unit_price,
                    total=total,
                    currency=statutes.currency,
                    category=name,
                    payment_reference=subscription["payment_reference"],
                ),
                subject=member_id,
                entity=principal.entity,
                correlation_id=subscription["_id"],
            )
            return Subscription.model_validate(public_document(subscription, "subscription_id"))

        return await run_idempotent_as(
            Subscription,
            self._uow,
            scope=f"share:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )
