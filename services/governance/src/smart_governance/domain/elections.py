"""A board election tallied (pure): per category, each voter approves up to as many candidates
as the category has seats; the most approved are elected; a tie for the last seat is broken by
the statutes' rule — here the draw is reproducible from the election's id, so anyone can
recount it."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Elected:
    category: str
    elected: tuple[str, ...]
    approvals: Mapping[str, int]
    tie_broken_between: tuple[str, ...]
    """The candidates tied for the last seats, when the draw decided among them."""


def checked_ballot(
    ballot: Mapping[str, list[str]],
    seats: Mapping[str, int],
    candidates: Mapping[str, set[str]],
) -> None:
    """A ballot approves, per category, at most its seats among its candidates, each once."""
    for category, chosen in ballot.items():
        if category not in seats:
            raise ValueError(f"no category {category!r} in this election")
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"{category}: a candidate is approved once")
        if len(chosen) > seats[category]:
            raise ValueError(
                f"{category}: at most {seats[category]} candidates ({len(chosen)} approved)"
            )
        unknown = set(chosen) - candidates[category]
        if unknown:
            raise ValueError(f"{category}: not candidates: {', '.join(sorted(unknown))}")


def _draw(election_id: str, candidate: str) -> bytes:
    return hashlib.sha256(f"{election_id}:{candidate}".encode()).digest()


def elect(
    election_id: str,
    seats: Mapping[str, int],
    candidates: Mapping[str, set[str]],
    ballots: Iterable[Mapping[str, list[str]]],
) -> list[Elected]:
    counts: dict[str, Counter[str]] = {category: Counter() for category in seats}
    for ballot in ballots:
        for category, chosen in ballot.items():
            counts[category].update(chosen)
    results = []
    for category, number in seats.items():
        approvals = {name: counts[category][name] for name in candidates[category]}
        ranked = sorted(approvals, key=lambda name: (-approvals[name], _draw(election_id, name)))
        elected = tuple(ranked[:number])
        tied: tuple[str, ...] = ()
        if 0 < number < len(ranked) and approvals[ranked[number - 1]] == approvals[ranked[number]]:
            last = approvals[ranked[number - 1]]
            tied = tuple(sorted(name for name in ranked if approvals[name] == last))
        results.append(Elected(category, elected, approvals, tied))
    return results
