"""What the governance routes read: the share register, the assemblies and their results."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.persistence import UnitOfWork
from smart_common.problems import Conflict, NotFound
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook
from smart_governance.adapters.repositories import (
    ASSEMBLIES,
    BALLOT_BOX,
    PROXIES,
    REDEMPTIONS,
    SUBSCRIPTIONS,
)
from smart_governance.documents import pdf
from smart_governance.schemas import (
    Assemblies,
    Assembly,
    HistoryLine,
    Holding,
    Proxies,
    PublishedBallot,
    Redemption,
    Register,
    Results,
    ShareRegister,
    Subscription,
)
from smart_governance.statutes import ShareRules
from smart_governance.views import assembly_view, proxy_view


def holdings_of(
    subscriptions: list[dict[str, Any]], redemptions: list[dict[str, Any]]
) -> list[Holding]:
    """Per member and category: the shares paid and not redeemed, since the first payment, with
    each payment and redemption."""
    lines: dict[tuple[str, str], list[HistoryLine]] = defaultdict(list)
    held: dict[tuple[str, str], list[int | Decimal]] = defaultdict(lambda: [0, Decimal("0")])
    for item in subscriptions:
        if item["status"] != "paid":
            continue
        key = (item["member_id"], item["category"])
        lines[key].append(
            HistoryLine(on=item["paid_on"], what="paid", shares=item["shares"], value=item["total"])
        )
        held[key][0] += item["outstanding"]
        held[key][1] += Decimal(item["unit_price"]) * item["outstanding"]
    for item in redemptions:
        if item["status"] == "redeemed":
            key = (item["member_id"], item["category"])
            lines[key].append(
                HistoryLine(
                    on=item["decided_at"].date(),
                    what="redeemed",
                    shares=item["shares"],
                    value=item["value"],
                )
            )
    return [
        Holding(
            member_id=member_id,
            category=category,
            shares=int(held[member_id, category][0]),
            paid_capital=str(held[member_id, category][1]),
            since=min(line.on for line in history),
            history=sorted(history, key=lambda line: line.on),
        )
        for (member_id, category), history in sorted(lines.items())
    ]


class GovernanceQueries:
    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def subscriptions(self, principal: Principal, member_id: str | None) -> Register:
        """The entity's subscriptions (a member: their own)."""
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

    async def _holdings(self, entity: str, member_id: str | None) -> list[Holding]:
        query: dict[str, Any] = {"entity": entity}
        if member_id:
            query["member_id"] = member_id
        subscriptions = await self._uow.find(SUBSCRIPTIONS, query)
        redemptions = await self._uow.find(REDEMPTIONS, query)
        return [holding for holding in holdings_of(subscriptions, redemptions) if holding.history]

    async def register(self, principal: Principal) -> ShareRegister:
        today = self._clock.today()
        currency = ShareRules.of(self._rules, principal.entity, today).currency
        holdings = await self._holdings(principal.entity, None)
        pending = await self._uow.find(
            SUBSCRIPTIONS,
            {"entity": principal.entity, "status": "pending_payment"},
            projection={"shares": 1},
        )
        return ShareRegister(
            entity=principal.entity,
            as_of=today,
            holders=len({holding.member_id for holding in holdings if holding.shares}),
            shares=sum(holding.shares for holding in holdings),
            paid_capital=str(sum((Decimal(h.paid_capital) for h in holdings), Decimal("0"))),
            currency=currency,
            holdings=holdings,
            pending_payment=sum(item["shares"] for item in pending),
        )

    async def register_extract(self, principal: Principal, member_id: str, language: str) -> bytes:
        if not principal.may_see(owner_id=member_id, entity=principal.entity):
            raise NotFound(f"no member {member_id}")
        holdings = await self._holdings(principal.entity, member_id)
        return pdf.register_extract(
            member_id,
            principal.entity,
            self._clock.today().isoformat(),
            [holding.model_dump(mode="json") for holding in holdings],
            language,
        )

    async def redemptions(self, principal: Principal, status: str | None) -> list[Redemption]:
        query: dict[str, Any] = {"entity": principal.entity}
        if not principal.is_staff:
            query["member_id"] = principal.subject
        if status:
            query["status"] = status
        found = await self._uow.find(REDEMPTIONS, query, sort=[("requested_at", 1)])
        return [Redemption.model_validate(public_document(item, "redemption_id")) for item in found]

    async def _assembly(self, principal: Principal, assembly_id: str) -> dict[str, Any]:
        assembly = await self._uow.find_one(
            ASSEMBLIES, {"_id": assembly_id, "entity": principal.entity}
        )
        if assembly is None:
            raise NotFound(f"no general assembly {assembly_id}")
        return assembly

    async def assemblies(self, principal: Principal) -> Assemblies:
        found = await self._uow.find(
            ASSEMBLIES, {"entity": principal.entity}, sort=[("starts_at", -1)]
        )
        return Assemblies(items=[assembly_view(assembly) for assembly in found])

    async def assembly(self, principal: Principal, assembly_id: str) -> Assembly:
        return assembly_view(await self._assembly(principal, assembly_id))

    async def proxies(self, principal: Principal, assembly_id: str) -> Proxies:
        """Staff: every proxy; a member: those they gave or hold."""
        await self._assembly(principal, assembly_id)
        query: dict[str, Any] = {"assembly_id": assembly_id}
        if not principal.is_staff:
            query["$or"] = [{"principal_id": principal.subject}, {"holder_id": principal.subject}]
        found = await self._uow.find(PROXIES, query, sort=[("given_at", 1)])
        return Proxies(items=[proxy_view(proxy) for proxy in found])

    async def _closed(self, principal: Principal, assembly_id: str) -> dict[str, Any]:
        assembly = await self._assembly(principal, assembly_id)
        if assembly["status"] != "closed":
            raise Conflict("the results are published once the vote is closed")
        return assembly

    async def results(self, principal: Principal, assembly_id: str) -> Results:
        assembly = await self._closed(principal, assembly_id)
        ballots = await self._uow.find(
            BALLOT_BOX, {"assembly_id": assembly_id}, sort=[("item_id", 1), ("_id", 1)]
        )
        return Results(
            assembly_id=assembly_id,
            closed_at=assembly["voting"]["closed_at"],
            entitled=assembly["entitled"],
            present=assembly["present"],
            results=assembly["results"],
            ballots=[
                PublishedBallot.model_validate(public_document(ballot, "receipt"))
                for ballot in ballots
            ],
        )

    async def ballot(self, principal: Principal, assembly_id: str, receipt: str) -> PublishedBallot:
        await self._closed(principal, assembly_id)
        ballot = await self._uow.find_one(BALLOT_BOX, {"_id": receipt, "assembly_id": assembly_id})
        if ballot is None:
            raise NotFound(f"no ballot with receipt {receipt} in this assembly")
        return PublishedBallot.model_validate(public_document(ballot, "receipt"))

    async def minutes(self, principal: Principal, assembly_id: str, language: str) -> bytes:
        assembly = await self._closed(principal, assembly_id)
        return pdf.minutes(assembly_view(assembly).model_dump(mode="json"), language)
