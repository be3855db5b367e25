"""A member asks to redeem shares (staff: on their behalf), per the statutes: the oldest
shares first, each after the waiting period, at most at its paid value, keeping the minimum
unless they leave. Where the statutes ask for the board's approval the redemption waits for
it (``requested``, the shares held for it); otherwise it is redeemed at once."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import ShareRedeemed
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, NotFound, Unprocessable
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook
from smart_governance.adapters.repositories import Redemptions, Subscriptions
from smart_governance.domain.register import Lot, RegisterProblem, redeem_from
from smart_governance.schemas import Redemption, RedemptionDecisionIn, RedemptionIn
from smart_governance.statutes import ShareRules


async def redeemed(tx: Transaction, redemption: dict[str, Any]) -> None:
    """The redemption's shares leave the register; ``share.redeemed`` says what is left."""
    subscriptions = Subscriptions(tx)
    for subscription_id, shares in redemption["lots"]:
        await subscriptions.redeem(subscription_id, shares)
    holding = await subscriptions.holding(redemption["member_id"], redemption["entity"])
    await tx.record_event(
        ShareRedeemed(
            redemption_id=redemption["_id"],
            member_id=redemption["member_id"],
            entity=redemption["entity"],
            category=redemption["category"],
            shares=redemption["shares"],
            value=Decimal(redemption["value"]),
            currency=redemption["currency"],
            holding=holding,
        ),
        subject=redemption["member_id"],
        entity=redemption["entity"],
        correlation_id=redemption["_id"],
    )


class RedeemShares(UseCase):
    raises = (ShareRedeemed,)

    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def __call__(self, principal: Principal, request: RedemptionIn) -> Redemption:
        member_id = request.member_id or principal.subject
        if member_id != principal.subject and not principal.is_staff:
            raise Forbidden("members redeem their own shares only")
        today = self._clock.today()
        statutes = ShareRules.of(self._rules, principal.entity, today)

        async def redeem(tx: Transaction) -> Redemption:
            subscriptions = Subscriptions(tx)
            held = [
                item
                for item in await subscriptions.of_member(member_id, principal.entity)
                if item["status"] == "paid" and item["available"] > 0
            ]
            name = request.category or next((item["category"] for item in held), None)
            category = statutes.categories.get(name or "")
            if category is None:
                raise Unprocessable("shares: no paid shares to redeem in that category")
            lots = [
                Lot(
                    item["_id"],
                    date.fromisoformat(item["paid_on"]),
                    Decimal(item["unit_price"]),
                    item["available"],
                )
                for item in held
                if item["category"] == name
            ]
            try:
                value, takes = redeem_from(
                    statutes.redemption,
                    category,
                    lots,
                    today=today,
                    asked=request.shares,
                    leaving=request.leaving,
                )
            except RegisterProblem as problem:
                raise Unprocessable(str(problem)) from problem
            for subscription_id, shares in takes:
                if not await subscriptions.reserve(subscription_id, shares):
                    raise Conflict("those shares are being redeemed already")
            redemption = {
                "_id": str(uuid.uuid4()),
                "member_id": member_id,
                "entity": principal.entity,
                "category": name,
                "shares": request.shares,
                "leaving": request.leaving,
                "value": str(value),
                "currency": statutes.currency,
                "lots": [list(take) for take in takes],
                "status": "requested" if statutes.redemption.board_approval else "redeemed",
                "requested_at": self._clock.now(),
                "requested_by": principal.subject,
                "decided_at": None if statutes.redemption.board_approval else self._clock.now(),
            }
            await Redemptions(tx).add(redemption)
            if redemption["status"] == "redeemed":
                await redeemed(tx, redemption)
            return Redemption.model_validate(public_document(redemption, "redemption_id"))

        return await self._uow.run(redeem)


class DecideRedemption(UseCase):
    """The board approves (the shares are redeemed) or refuses (they are held again)."""

    raises = (ShareRedeemed,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, redemption_id: str, request: RedemptionDecisionIn
    ) -> Redemption:
        if not request.approved and not request.reason:
            raise Unprocessable("reason: say why the board refuses the redemption")

        async def decide(tx: Transaction) -> Redemption:
            redemptions = Redemptions(tx)
            redemption = await redemptions.get(redemption_id, principal.entity)
            if redemption is None:
                raise NotFound(f"no redemption {redemption_id}")
            changes = {
                "status": "redeemed" if request.approved else "refused",
                "decided_at": self._clock.now(),
                "decided_by": principal.subject,
                "reason": request.reason,
            }
            if not await redemptions.decide(redemption_id, changes):
                raise Conflict(f"redemption {redemption_id} is {redemption['status']}")
            redemption |= changes
            if request.approved:
                await redeemed(tx, redemption)
            else:
                for subscription_id, shares in redemption["lots"]:
                    await Subscriptions(tx).release(subscription_id, shares)
            return Redemption.model_validate(public_document(redemption, "redemption_id"))

        return await self._uow.run(decide)
