"""A general assembly's resolution tallied under its kind's rule (pure): the quorum (who must be
present or represented for the assembly to decide) and the majority (which share of the votes
cast must approve; whether abstentions count as cast). One member, one vote: each ballot weighs
one unless the statutes weigh otherwise (``weight``). The outcome says whether it passed and
why, in figures, so the minutes can print it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


@dataclass(frozen=True, slots=True)
class DecisionRule:
    """How one kind of decision (ordinary, statutes amendment…) is taken, from the statutes."""

    kind: str
    majority: Fraction
    """The share of the votes cast that must approve."""
    strictly_more: bool
    """``True``: more than ``majority`` (a simple majority is more than 1/2); ``False``: at
    least ``majority`` (2/3, 3/4 of the votes cast)."""
    abstentions_cast: bool
    """Whether an abstention counts among the votes cast (then it weighs like a no)."""
    quorum: Fraction
    """The share of the members entitled to vote who must be present or represented (0: none)."""

    @classmethod
    def of(cls, kind: str, value: dict[str, Any]) -> DecisionRule:
        return cls(
            kind=kind,
            majority=Fraction(str(value["majority"])),
            strictly_more=bool(value["strictly_more"]),
            abstentions_cast=bool(value["abstentions_cast"]),
            quorum=Fraction(str(value.get("quorum", "0"))),
        )


@dataclass(frozen=True, slots=True)
class Votes:
    yes: int
    no: int
    abstain: int

    @classmethod
    def of(cls, ballots: list[tuple[Choice, int]]) -> Votes:
        """Sums the ballots' weights by choice (one member, one vote: every weight is 1)."""
        totals = dict.fromkeys(Choice, 0)
        for choice, weight in ballots:
            if weight < 0:
                raise ValueError("a ballot's weight is never negative")
            totals[choice] += weight
        return cls(totals[Choice.YES], totals[Choice.NO], totals[Choice.ABSTAIN])


@dataclass(frozen=True, slots=True)
class Outcome:
    passed: bool
    quorum_reached: bool
    cast: int
    """The votes cast as the rule counts them."""
    needed: str
    """What approval needed, e.g. "more than 1/2 of 120 votes cast"."""
    reason: str


def tally(rule: DecisionRule, votes: Votes, present: int, entitled: int) -> Outcome:
    """``present``: members present or represented (proxies); ``entitled``: members entitled to
    vote at the record date."""
    if present > entitled:
        raise ValueError(f"{present} present or represented out of {entitled} entitled")
    quorum_reached = entitled > 0 and Fraction(present, entitled) >= rule.quorum
    cast = votes.yes + votes.no + (votes.abstain if rule.abstentions_cast else 0)
    comparison = "more than" if rule.strictly_more else "at least"
    needed = f"{comparison} {rule.majority} of {cast} votes cast"
    if not quorum_reached:
        return Outcome(
            False,
            False,
            cast,
            needed,
            f"quorum not reached: {present} of {entitled} present or represented, "
            f"{rule.quorum} needed",
        )
    if cast == 0:
        return Outcome(False, True, 0, needed, "no vote cast")
    share = Fraction(votes.yes, cast)
    passed = share > rule.majority if rule.strictly_more else share >= rule.majority
    abstentions = (
        "abstentions counted as cast" if rule.abstentions_cast else "abstentions not counted"
    )
    return Outcome(
        passed,
        True,
        cast,
        needed,
        f"{votes.yes} yes, {votes.no} no, {votes.abstain} abstentions ({abstentions}): "
        f"{'passed' if passed else 'rejected'}, {needed}",
    )
