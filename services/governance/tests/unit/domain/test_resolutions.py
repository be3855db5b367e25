from fractions import Fraction

import pytest

from smart_governance.domain.ballots import Ballot, recount
from smart_governance.domain.resolutions import Choice, DecisionRule, Votes, tally

SIMPLE = DecisionRule("ordinary", Fraction(1, 2), True, False, Fraction(0))
STATUTES = DecisionRule("statutes", Fraction(3, 4), False, True, Fraction(1, 2))


def test_a_simple_majority_is_more_than_half_of_the_votes_cast_abstentions_aside():
    assert tally(SIMPLE, Votes(61, 60, 500), 621, 30_000).passed
    tied = tally(SIMPLE, Votes(60, 60, 3), 123, 30_000)
    assert not tied.passed and tied.reason.startswith("60 yes, 60 no, 3 abstentions")


def test_three_quarters_with_abstentions_cast_and_a_quorum():
    assert tally(STATUTES, Votes(75, 20, 5), 100, 200).passed  # 75 of 100, at least 3/4
    assert not tally(STATUTES, Votes(75, 20, 6), 101, 200).passed  # the abstentions weigh
    short = tally(STATUTES, Votes(99, 0, 0), 99, 200)
    assert (short.passed, short.quorum_reached) == (False, False)
    assert "99 of 200 present or represented, 1/2 needed" in short.reason


def test_the_rule_reads_the_packs_value_and_nothing_cast_passes_nothing():
    rule = DecisionRule.of(
        "statutes", {"majority": "3/4", "strictly_more": False, "abstentions_cast": True}
    )
    assert (rule.majority, rule.quorum) == (Fraction(3, 4), 0)
    assert tally(rule, Votes(0, 0, 0), 10, 10).reason == "no vote cast"
    with pytest.raises(ValueError):
        tally(rule, Votes(1, 0, 0), 11, 10)


def test_every_voter_finds_their_receipt_and_anyone_recounts():
    ballots = [Ballot.cast("ag-2027", "r-1", choice) for choice in [Choice.YES] * 3 + [Choice.NO]]
    receipts = [ballot.receipt for ballot in ballots]
    assert len(set(receipts)) == 4  # the nonce tells equal choices apart
    assert recount(ballots, receipts) == Votes(3, 1, 0)
    changed = [*ballots[:-1], Ballot("ag-2027", "r-1", Choice.YES.value, ballots[-1].nonce)]
    with pytest.raises(ValueError, match="do not match"):
        recount(changed, receipts)
