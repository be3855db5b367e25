"""A secret ballot with its receipt (pure). The ballot box keeps what was chosen with a random
nonce and no voter; the voters' list keeps who voted and nothing of what. The receipt is the
hash of the ballot's content: the voter keeps it; after closing the assembly publishes every
ballot with its receipt, so each voter finds theirs and anyone recounts."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from smart_governance.domain.resolutions import Choice, Votes


@dataclass(frozen=True, slots=True)
class Ballot:
    assembly_id: str
    resolution_id: str
    choice: Choice
    nonce: str
    weight: int = 1

    @classmethod
    def cast(cls, assembly_id: str, resolution_id: str, choice: Choice, weight: int = 1) -> Ballot:
        return cls(assembly_id, resolution_id, choice, secrets.token_hex(16), weight)

    @property
    def receipt(self) -> str:
        content = "\n".join(
            (self.assembly_id, self.resolution_id, self.choice.value, str(self.weight), self.nonce)
        )
        return hashlib.sha256(content.encode()).hexdigest()


def recount(ballots: Iterable[Ballot], receipts: Iterable[str]) -> Votes:
    """The tally anyone can make from the published ballots; refuses a published list whose
    receipts do not match the ballots (one changed, added or lost)."""
    ballots = list(ballots)
    if sorted(ballot.receipt for ballot in ballots) != sorted(receipts):
        raise ValueError("the published receipts do not match the ballots")
    return Votes.of([(ballot.choice, ballot.weight) for ballot in ballots])
