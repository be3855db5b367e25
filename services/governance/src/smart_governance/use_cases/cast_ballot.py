"""A shareholder of record votes while the ballot box is open — for themselves, or for a
principal whose proxy they hold, one ballot paper each. Every item voted on gets a ballot in
the ballot box (its content, weight and nonce, keyed by its receipt) and a signature on the
voters' list (who, which item): the two share nothing that links them. A ballot is final: a
second one from the same voter on the same item is refused (409), so no receipt ever stops
counting. The voter is recorded as attending online.

Thousands vote in the same minutes, so ballot papers arriving together are committed together
(a group commit): one transaction reads the assembly, the voters' roll entries and proxies for
the whole group, checks each paper on its own (one refused paper does not refuse the others)
and writes the accepted ones in one command per collection. A second ballot is caught by the
voters' list's unique key: the group is then run again, reading the signatures first."""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from pymongo.errors import BulkWriteError, DuplicateKeyError

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, Problem, Unprocessable
from smart_governance.adapters.repositories import (
    BALLOT_BOX,
    ONLINE,
    PROXIES,
    ROLL,
    VOTERS,
    Assemblies,
    Candidacies,
    roll_key,
)
from smart_governance.domain.assemblies import ELECTION, vote_weight
from smart_governance.domain.ballots import Ballot, approvals_content
from smart_governance.domain.elections import checked_ballot
from smart_governance.schemas import BallotIn, Cast, Choices, Receipt

GROUP = 200
"""Ballot papers committed in one transaction at most."""


def ballot_closed(assembly: dict[str, Any], now: datetime) -> str | None:
    if assembly["status"] == "convened":
        return "the ballot box is not open yet"
    closes_at = assembly["voting"]["closes_at"]
    if assembly["status"] == "closed" or (closes_at is not None and now >= closes_at):
        return "the ballot box is closed: no ballot is taken after closing"
    return None


def signature(assembly_id: str, item_id: str, voter_id: str) -> str:
    return f"{assembly_id}:{item_id}:{voter_id}"


@dataclass
class Paper:
    principal: Principal
    request: BallotIn
    answer: asyncio.Future[Cast]

    @property
    def voter_id(self) -> str:
        return self.request.on_behalf_of or self.principal.subject


@dataclass
class Group:
    """What one transaction knows of an assembly's voters, and what it will write."""

    assembly: dict[str, Any]
    roll: dict[str, Document]
    proxies: dict[str, str]
    """principal → holder, of the proxies in force."""
    signed: set[str]
    candidates: dict[str, dict[str, set[str]]]
    signatures: list[Document] = field(default_factory=list)
    ballots: list[Document] = field(default_factory=list)
    attending: set[str] = field(default_factory=set)


def content_of(group: Group, item_id: str, choice: str | Choices) -> str:
    item = next((item for item in group.assembly["agenda"] if item["item_id"] == item_id), None)
    if item is None or item["decision"] is None:
        raise Unprocessable(f"choices.{item_id}: not an item put to the vote")
    if item["decision"] != ELECTION:
        if not isinstance(choice, str):
            raise Unprocessable(f"choices.{item_id}: yes, no or abstain")
        return choice
    if not isinstance(choice, Choices):
        raise Unprocessable(f"choices.{item_id}: the approved candidates per category")
    try:
        checked_ballot(choice.approvals, item["seats"], group.candidates[item_id])
    except ValueError as problem:
        raise Unprocessable(f"choices.{item_id}: {problem}") from problem
    return approvals_content(choice.approvals)


def accept(group: Group, paper: Paper, now: datetime) -> Cast:
    """The paper's ballots and signatures added to the group's writes, or the reason it is
    refused (nothing of it written)."""
    assembly, voter_id = group.assembly, paper.voter_id
    closed = ballot_closed(assembly, now)
    if closed:
        raise Conflict(closed)
    entry = group.roll.get(voter_id)
    if entry is None:
        raise Forbidden(
            f"{voter_id} is not a shareholder of record at the record date: not entitled to vote"
        )
    if voter_id != paper.principal.subject:
        if group.proxies.get(voter_id) != paper.principal.subject:
            raise Forbidden(f"you hold no proxy of {voter_id}")
    elif entry["gave_proxy"]:
        raise Conflict("you gave your proxy: its holder votes for you")
    weight = vote_weight(assembly["weighting"], entry["shares"])
    ballots, signatures = [], []
    for item_id, choice in sorted(paper.request.choices.items()):
        content = content_of(group, item_id, choice)
        key = signature(assembly["_id"], item_id, voter_id)
        if key in group.signed:
            raise Conflict(f"{voter_id} voted on {item_id} already: a ballot is final")
        signatures.append(key)
        ballots.append(Ballot.cast(assembly["_id"], item_id, content, weight))
    group.signed.update(signatures)
    group.signatures += [
        {
            "_id": key,
            "assembly_id": assembly["_id"],
            "item_id": ballot.item_id,
            "voter_id": voter_id,
            "cast_by": paper.principal.subject,
        }
        for key, ballot in zip(signatures, ballots, strict=True)
    ]
    group.ballots += [
        {
            "_id": ballot.receipt,
            "assembly_id": assembly["_id"],
            "item_id": ballot.item_id,
            "content": ballot.content,
            "weight": ballot.weight,
            "nonce": ballot.nonce,
        }
        for ballot in ballots
    ]
    group.attending.add(paper.principal.subject)
    return Cast(
        assembly_id=assembly["_id"],
        voter_id=voter_id,
        receipts=[Receipt(item_id=ballot.item_id, receipt=ballot.receipt) for ballot in ballots],
    )


class CastBallot(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock
        self._waiting: dict[tuple[str, str], list[Paper]] = defaultdict(list)
        self._committing: asyncio.Task[None] | None = None

    async def __call__(self, principal: Principal, assembly_id: str, request: BallotIn) -> Cast:
        answer: asyncio.Future[Cast] = asyncio.get_running_loop().create_future()
        self._waiting[principal.entity, assembly_id].append(Paper(principal, request, answer))
        if self._committing is None or self._committing.done():
            self._committing = asyncio.create_task(self._commit_waiting())
        return await answer

    async def _commit_waiting(self) -> None:
        while self._waiting:
            (entity, assembly_id), papers = next(iter(self._waiting.items()))
            group, rest = papers[:GROUP], papers[GROUP:]
            if rest:
                self._waiting[entity, assembly_id] = rest
            else:
                del self._waiting[entity, assembly_id]
            commit = partial(self._commit, entity=entity, assembly_id=assembly_id, papers=group)
            try:
                try:  # most voters vote once: their signatures are not looked for first
                    answers = await self._uow.run(partial(commit, careful=False))
                except (DuplicateKeyError, BulkWriteError):  # one had voted: check each
                    answers = await self._uow.run(partial(commit, careful=True))
            except Exception as error:  # the whole group failed: each caller hears why
                for paper in group:
                    if not paper.answer.done():
                        paper.answer.set_exception(error)
                continue
            for paper, answer in zip(group, answers, strict=True):
                if paper.answer.done():
                    continue
                if isinstance(answer, Problem):
                    paper.answer.set_exception(answer)
                else:
                    paper.answer.set_result(answer)

    async def _commit(
        self, tx: Transaction, entity: str, assembly_id: str, papers: list[Paper], careful: bool
    ) -> list[Cast | Problem]:
        assembly = await Assemblies(tx).require(assembly_id, entity)
        voters = {paper.voter_id for paper in papers}
        for_others = sorted(p.voter_id for p in papers if p.voter_id != p.principal.subject)
        roll = await tx.collection(ROLL).find(
            {"_id": {"$in": [roll_key(assembly_id, voter) for voter in sorted(voters)]}}
        )
        proxies = (
            await tx.collection(PROXIES).find(
                {
                    "assembly_id": assembly_id,
                    "status": "active",
                    "principal_id": {"$in": for_others},
                }
            )
            if for_others
            else []
        )
        asked = sorted(
            signature(assembly_id, item_id, paper.voter_id)
            for paper in papers
            for item_id in paper.request.choices
        )
        signed = (
            await tx.collection(VOTERS).find({"_id": {"$in": asked}}, projection={"_id": 1})
            if careful
            else []
        )
        elections = [item["item_id"] for item in assembly["agenda"] if item["decision"] == ELECTION]
        candidates: dict[str, dict[str, set[str]]] = {}
        for item_id in elections:
            candidates[item_id] = defaultdict(set)
            for candidacy in await Candidacies(tx).of(assembly_id, item_id):
                candidates[item_id][candidacy["category"]].add(candidacy["member_id"])
        group = Group(
            assembly=assembly,
            roll={entry["member_id"]: entry for entry in roll},
            proxies={proxy["principal_id"]: proxy["holder_id"] for proxy in proxies},
            signed={row["_id"] for row in signed},
            candidates=candidates,
        )
        now = self._clock.now()
        answers: list[Cast | Problem] = []
        for paper in papers:
            try:
                answers.append(accept(group, paper, now))
            except Problem as refused:
                answers.append(refused)
        if group.ballots:
            # inserts: a voter who signed already (found when ``careful``, else by this insert
            # failing on its duplicate key: the group is then checked again) is refused
            await tx.collection(VOTERS).insert_many(group.signatures)
            await tx.collection(BALLOT_BOX).insert_many(group.ballots)
            # who attended online, one row per group: the close counts each member once
            await tx.collection(ONLINE).insert_one(
                {
                    "_id": str(uuid.uuid4()),
                    "assembly_id": assembly_id,
                    "members": sorted(group.attending),
                    "at": now,
                }
            )
        return answers
