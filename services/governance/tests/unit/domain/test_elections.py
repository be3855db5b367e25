import pytest

from smart_governance.domain.elections import checked_ballot, elect

SEATS = {"A": 2, "B": 1}
CANDIDATES = {"A": {"ann", "bob", "cid"}, "B": {"dee", "eve"}}


def test_the_most_approved_per_category_are_elected():
    ballots = [
        {"A": ["ann", "bob"], "B": ["dee"]},
        {"A": ["ann", "cid"], "B": ["dee"]},
        {"A": ["ann"], "B": ["eve"]},
    ]
    a, b = elect("e-1", SEATS, CANDIDATES, ballots)
    assert a.elected[0] == "ann" and set(a.elected) < CANDIDATES["A"]
    assert a.tie_broken_between == ("bob", "cid")  # one approval each for the last seat
    assert (b.elected, b.tie_broken_between) == (("dee",), ())
    assert elect("e-1", SEATS, CANDIDATES, ballots)[0].elected == a.elected  # reproducible


def test_a_ballot_approves_at_most_the_seats_among_the_candidates():
    checked_ballot({"A": ["ann", "bob"]}, SEATS, CANDIDATES)
    for bad, message in [
        ({"A": ["ann", "bob", "cid"]}, "at most 2"),
        ({"A": ["ann", "ann"]}, "once"),
        ({"B": ["zed"]}, "not candidates"),
        ({"C": ["ann"]}, "no category"),
    ]:
        with pytest.raises(ValueError, match=message):
            checked_ballot(bad, SEATS, CANDIDATES)
