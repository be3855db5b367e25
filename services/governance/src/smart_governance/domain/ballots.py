"""A secret ballot with its receipt (pure). The ballot box keeps what was chosen with a random
nonce and no voter; the voters' list keeps who voted and nothing of what. The receipt is the
hash of the ballot's content: the voter keeps it; after closing the assembly publishes every
ballot with its receipt, so each voter finds theirs and anyone recounts.

A ballot's ``content`` is a resolution's choice (``yes``, ``no``, ``abstain``) or, for a board
election, the approved candidates per category as canonical JSON."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from smart_governance.domain.resolutions import Choice, Votes


def approvals_content(approvals: Mapping[str, list[str]]) -> str:
    """An election ballot's content: the same approvals always give the same text."""
    return json.dumps(
        {category: sorted(chosen) for category, chosen in sorted(approvals.items())},
        separators=(",", ":"),
    )


def approvals_of(content: str) -> dict[str, list[str]]:
    value = json.loads(content)
    if not isinstance(value, dict):
        raise ValueError("an election ballot's content is an object of categories")
    return {str(category): [str(name) for name in chosen] for category, chosen in value.items()}


@dataclass(frozen=True, slots=True)
class Ballot:
    assembly_id: str
    item_id: str
    content: str
    nonce: str
    weight: int = 1

    @classmethod
    def cast(cls, assembly_id: str, item_id: str, content: str, weight: int = 1) -> Ballot:
        return cls(assembly_id, item_id, content, secrets.token_hex(16), weight)

    @property
    def receipt(self) -> str:
        text = "\n".join(
            (self.assembly_id, self.item_id, self.content, str(self.weight), self.nonce)
        )
        return hashlib.sha256(text.encode()).hexdigest()


def checked(ballots: Iterable[Ballot], receipts: Iterable[str]) -> list[Ballot]:
    """The published ballots, once their receipts match the published list (none changed,
    added or lost)."""
    ballots = list(ballots)
    if sorted(ballot.receipt for ballot in ballots) != sorted(receipts):
        raise ValueError("the published receipts do not match the ballots")
    return ballots


def recount(ballots: Iterable[Ballot], receipts: Iterable[str]) -> Votes:
    """The tally of a resolution anyone can make from the published ballots."""
    return Votes.of(
        [(Choice(ballot.content), ballot.weight) for ballot in checked(ballots, receipts)]
    )
