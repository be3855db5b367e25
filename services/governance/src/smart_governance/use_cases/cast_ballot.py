"""A shareholder of record votes while the ballot box is open — for themselves, or for a
principal whose proxy they hold, one ballot paper each. Every item voted on gets a ballot in
the ballot box (its content, weight and nonce, keyed by its receipt) and a signature on the
voters' list (who, which item): the two share nothing that links them. A ballot is final: a
second one from the same voter on the same item is refused (409), so no receipt ever stops
counting. The voter is recorded as attending online."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, Unprocessable
from smart_governance.adapters.repositories import (
    Assemblies,
    Attendance,
    BallotBox,
    Candidacies,
    Proxies,
    Roll,
    VotersList,
)
from smart_governance.domain.assemblies import ELECTION, vote_weight
from smart_governance.domain.ballots import Ballot, approvals_content
from smart_governance.domain.elections import checked_ballot
from smart_governance.schemas import BallotIn, Cast, Choices, Receipt


def ballot_closed(assembly: dict[str, Any], now: Any) -> str | None:
    if assembly["status"] == "convened":
        return "the ballot box is not open yet"
    closes_at = assembly["voting"]["closes_at"]
    if assembly["status"] == "closed" or (closes_at is not None and now >= closes_at):
        return "the ballot box is closed: no ballot is taken after closing"
    return None


class CastBallot(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, assembly_id: str, request: BallotIn) -> Cast:
        voter_id = request.on_behalf_of or principal.subject
        now = self._clock.now()

        async def cast(tx: Transaction) -> Cast:
            assembly = await Assemblies(tx).require(assembly_id, principal.entity)
            closed = ballot_closed(assembly, now)
            if closed:
                raise Conflict(closed)
            entry = await Roll(tx).get(assembly_id, voter_id)
            if entry is None:
                raise Forbidden(
                    f"{voter_id} is not a shareholder of record at the record date: not "
                    "entitled to vote"
                )
            if voter_id != principal.subject:
                proxy = await Proxies(tx).given_by(assembly_id, voter_id)
                if proxy is None or proxy["holder_id"] != principal.subject:
                    raise Forbidden(f"you hold no proxy of {voter_id}")
            elif entry["gave_proxy"]:
                raise Conflict("you gave your proxy: its holder votes for you")
            weight = vote_weight(assembly["weighting"], entry["shares"])
            items = {item["item_id"]: item for item in assembly["agenda"]}
            voters, ballots = VotersList(tx), []
            for item_id, choice in sorted(request.choices.items()):
                content = await self._content(tx, assembly_id, items.get(item_id), item_id, choice)
                if not await voters.sign(assembly_id, item_id, voter_id, principal.subject):
                    raise Conflict(f"{voter_id} voted on {item_id} already: a ballot is final")
                ballots.append(Ballot.cast(assembly_id, item_id, content, weight))
            await BallotBox(tx).drop(
                [
                    {
                        "_id": ballot.receipt,
                        "assembly_id": assembly_id,
                        "item_id": ballot.item_id,
                        "content": ballot.content,
                        "weight": ballot.weight,
                        "nonce": ballot.nonce,
                    }
                    for ballot in ballots
                ]
            )
            await Attendance(tx).record(assembly_id, principal.subject, "online", now)
            return Cast(
                assembly_id=assembly_id,
                voter_id=voter_id,
                receipts=[Receipt(item_id=b.item_id, receipt=b.receipt) for b in ballots],
            )

        return await self._uow.run(cast)

    @staticmethod
    async def _content(
        tx: Transaction,
        assembly_id: str,
        item: dict[str, Any] | None,
        item_id: str,
        choice: str | Choices,
    ) -> str:
        if item is None or item["decision"] is None:
            raise Unprocessable(f"choices.{item_id}: not an item put to the vote")
        if item["decision"] != ELECTION:
            if not isinstance(choice, str):
                raise Unprocessable(f"choices.{item_id}: yes, no or abstain")
            return choice
        if not isinstance(choice, Choices):
            raise Unprocessable(f"choices.{item_id}: the approved candidates per category")
        candidates: dict[str, set[str]] = defaultdict(set)
        for candidacy in await Candidacies(tx).of(assembly_id, item_id):
            candidates[candidacy["category"]].add(candidacy["member_id"])
        try:
            checked_ballot(choice.approvals, item["seats"], candidates)
        except ValueError as problem:
            raise Unprocessable(f"choices.{item_id}: {problem}") from problem
        return approvals_content(choice.approvals)
