"""Use cases of the governance service: the share register."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from pydantic import Field
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.events.governance import ShareSubscribed
from smart_common.idempotency import fingerprint, run_idempotent
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.problems import Forbidden
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook
from smart_common.text import InputModel

SUBSCRIPTIONS = "share_subscriptions"


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[SUBSCRIPTIONS].create_index([("member_id", ASCENDING)])


class SubscriptionIn(InputModel):
    shares: int = Field(default=1, ge=1, le=1000)
    member_id: str | None = Field(
        default=None, description="Staff only: subscribe on behalf of this member"
    )


class GovernanceHandlers:
    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._clock = clock
        self._uow = uow
        self._rules = rules

    async def subscribe(
        self, principal: Principal, request: SubscriptionIn, idempotency_key: str | None
    ) -> tuple[dict[str, Any], bool]:
        member_id = request.member_id or principal.subject
        if member_id != principal.subject and not principal.is_staff:
            raise Forbidden("members subscribe shares for themselves only")
        pack = self._rules.pack(principal.entity, self._clock.today())
        unit_price = pack.decimal("share_unit_price")
        total = unit_price * request.shares

        async def create(tx: Transaction) -> dict[str, Any]:
            subscription = {
                "_id": str(uuid.uuid4()),
                "member_id": member_id,
                "entity": principal.entity,
                "shares": request.shares,
                "unit_price": str(unit_price),
                "total": str(total),
                "currency": pack.value("currency"),
                "status": "subscribed",
                "subscribed_at": self._clock.now(),
            }
            await tx.collection(SUBSCRIPTIONS).insert_one(subscription)
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
            return public_document(subscription, "subscription_id")

        return await run_idempotent(
            self._uow,
            scope=f"share:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )

    async def register(self, principal: Principal, member_id: str | None) -> dict[str, Any]:
        if not principal.is_staff:
            member_id = principal.subject
        query: dict[str, Any] = {"entity": principal.entity}
        if member_id:
            query["member_id"] = member_id
        subscriptions = await self._uow.find(SUBSCRIPTIONS, query, sort=[("subscribed_at", 1)])
        total = sum((Decimal(item["total"]) for item in subscriptions), Decimal("0"))
        return {
            "entity": principal.entity,
            "shares": sum(item["shares"] for item in subscriptions),
            "capital": str(total),
            "subscriptions": [public_document(item, "subscription_id") for item in subscriptions],
        }
