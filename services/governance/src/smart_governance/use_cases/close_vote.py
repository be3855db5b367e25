"""The ballot box closes (the board, or the close worker once ``closes_at`` passed): no ballot
is taken after; every item is tallied from the ballot box under its kind's rule, with the
members present or represented against the roll for the quorum; an election elects the most
approved per category. The result is kept on the assembly and published
(``assembly.vote_closed``); the ballots and receipts are published by the results route."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import AssemblyVoteClosed, ItemResult
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict
from smart_governance.adapters.repositories import (
    ASSEMBLIES,
    BALLOT_BOX,
    Assemblies,
    Attendance,
    Candidacies,
    Proxies,
)
from smart_governance.domain.assemblies import ELECTION, present_or_represented
from smart_governance.domain.ballots import approvals_of
from smart_governance.domain.elections import elect
from smart_governance.domain.resolutions import Choice, DecisionRule, Votes, tally
from smart_governance.schemas import Assembly
from smart_governance.views import assembly_view


def election_result(
    assembly_id: str, item: dict[str, Any], candidates: dict[str, set[str]], contents: list[str]
) -> ItemResult:
    results = elect(
        f"{assembly_id}:{item['item_id']}",
        item["seats"],
        candidates,
        [approvals_of(content) for content in contents],
    )
    reason = "; ".join(
        f"{result.category}: {len(result.elected)} of {item['seats'][result.category]} seats"
        + (
            f", the draw decided between {', '.join(result.tie_broken_between)}"
            if result.tie_broken_between
            else ""
        )
        for result in results
    )
    return ItemResult(
        item_id=item["item_id"],
        title=item["title"],
        decision=ELECTION,
        elected={result.category: list(result.elected) for result in results},
        reason=f"{len(contents)} ballots; {reason}",
    )


class CloseVote(UseCase):
    raises = (AssemblyVoteClosed,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, assembly_id: str) -> Assembly:
        return await self.close(assembly_id, principal.entity)

    async def close(self, assembly_id: str, entity: str) -> Assembly:
        async def close(tx: Transaction) -> Assembly:
            assemblies = Assemblies(tx)
            assembly = await assemblies.require(assembly_id, entity)
            if assembly["status"] != "voting":
                raise Conflict(f"the assembly is {assembly['status']}: only an open vote closes")
            now = self._clock.now()
            ballots: dict[str, list[tuple[str, int]]] = defaultdict(list)
            for ballot in await tx.collection(BALLOT_BOX).find(
                {"assembly_id": assembly_id}, projection={"item_id": 1, "content": 1, "weight": 1}
            ):
                ballots[ballot["item_id"]].append((ballot["content"], ballot["weight"]))
            attending = await Attendance(tx).of(assembly_id)
            proxies = [
                (proxy["principal_id"], proxy["holder_id"])
                for proxy in await Proxies(tx).in_force(assembly_id)
            ]
            present = present_or_represented(attending, proxies)
            results = []
            for item in assembly["agenda"]:
                cast = ballots[item["item_id"]]
                if item["decision"] is None:
                    continue
                if item["decision"] == ELECTION:
                    candidates: dict[str, set[str]] = {
                        category: set() for category in item["seats"]
                    }
                    for candidacy in await Candidacies(tx).of(assembly_id, item["item_id"]):
                        candidates[candidacy["category"]].add(candidacy["member_id"])
                    contents = [content for content, _ in cast]
                    results.append(election_result(assembly_id, item, candidates, contents))
                    continue
                rule = DecisionRule.of(
                    item["decision"], assembly["decision_rules"][item["decision"]]
                )
                votes = Votes.of([(Choice(content), weight) for content, weight in cast])
                outcome = tally(rule, votes, present, assembly["entitled"])
                results.append(
                    ItemResult(
                        item_id=item["item_id"],
                        title=item["title"],
                        decision=item["decision"],
                        yes=votes.yes,
                        no=votes.no,
                        abstain=votes.abstain,
                        passed=outcome.passed,
                        reason=outcome.reason,
                    )
                )
            voting = assembly["voting"] | {"closed_at": now}
            changes = {
                "status": "closed",
                "voting": voting,
                "present": present,
                "results": [result.model_dump(mode="json") for result in results],
            }
            if not await assemblies.move(assembly_id, "voting", changes):
                raise Conflict("the vote closed a moment ago")
            await tx.record_event(
                AssemblyVoteClosed(
                    assembly_id=assembly_id,
                    entity=entity,
                    closed_at=now,
                    entitled=assembly["entitled"],
                    present=present,
                    ballots=sum(len(cast) for cast in ballots.values()),
                    results=results,
                ),
                subject=assembly_id,
                entity=entity,
                correlation_id=assembly_id,
            )
            return assembly_view(assembly | changes)

        return await self._uow.run(close)

    async def close_due(self) -> int:
        """The close worker's step: every open vote whose ``closes_at`` has passed."""
        now = self._clock.now()
        voting = await self._uow.find(
            ASSEMBLIES, {"status": "voting"}, projection={"entity": 1, "voting": 1}
        )
        # filtered here: the embedded server's ``$lte`` matches a missing closing time
        due = [
            assembly
            for assembly in voting
            if assembly["voting"]["closes_at"] is not None
            and assembly["voting"]["closes_at"] <= now
        ]
        for assembly in due:
            try:
                await self.close(assembly["_id"], assembly["entity"])
            except Conflict:
                continue  # closed by hand meanwhile
        return len(due)
