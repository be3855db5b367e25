"""What the governance routes read: the share register."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from smart_common.auth import Principal
from smart_common.persistence import UnitOfWork
from smart_common.representation import public_document
from smart_governance.adapters.repositories import SUBSCRIPTIONS
from smart_governance.schemas import Register, Subscription


class GovernanceQueries:
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def register(self, principal: Principal, member_id: str | None) -> Register:
        """The entity's register (a member: their own subscriptions)."""
        if not principal.is_staff:
            member_id = principal.subject
        query: dict[str, Any] = {"entity": principal.entity}
        if member_id:
            query["member_id"] = member_id
        subscriptions = await self._uow.find(SUBSCRIPTIONS, query, sort=[("subscribed_at", 1)])
        return Register(
            entity=principal.entity,
            shares=sum(item["shares"] for item in subscriptions),
            capital=str(sum((Decimal(item["total"]) for item in subscriptions), Decimal("0"))),
            subscriptions=[
                Subscription.model_validate(public_document(item, "subscription_id"))
                for item in subscriptions
            ],
        )
