"""A member subscribes cooperative shares at the entity's price (staff: on a member's
behalf); members marks them a shareholder from ``share.subscribed``."""

from __future__ import annotations

import uuid

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import ShareSubscribed
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Forbidden, Unprocessable
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_governance.adapters.repositories import Members, Subscriptions
from smart_governance.schemas import Subscription, SubscriptionIn


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
        try:
            pack = self._rules.pack(principal.entity, self._clock.today())
            unit_price = pack.decimal("share_unit_price")
            currency = pack.value("currency")
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"shares are not configured for entity {principal.entity}: {error}"
            ) from error
        total = unit_price * request.shares

        async def create(tx: Transaction) -> Subscription:
            # a member's own token proves they exist; on their behalf, governance must know them
            if member_id != principal.subject and not await Members(tx).exists(
                member_id, principal.entity
            ):
                raise Unprocessable(
                    f"member_id: no member {member_id} in entity {principal.entity} (a member "
                    "registered a moment ago may take a few seconds to be known here)"
                )
            subscription = {
                "_id": str(uuid.uuid4()),
                "member_id": member_id,
                "entity": principal.entity,
                "shares": request.shares,
                "unit_price": str(unit_price),
                "total": str(total),
                "currency": currency,
                "status": "subscribed",
                "subscribed_at": self._clock.now(),
            }
            await Subscriptions(tx).add(subscription)
            await tx.record_event(
                ShareSubscribed(
                    subscription_id=subscription["_id"],
                    member_id=member_id,
                    entity=principal.entity,
                    shares=request.shares,
                    unit_price=unit_price,
                    total=total,
                    currency=subscription["currency"],
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
