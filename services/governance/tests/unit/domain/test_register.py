from datetime import date
from decimal import Decimal

import pytest

from smart_governance.domain.register import (
    Lot,
    RedemptionPolicy,
    RegisterProblem,
    categories,
    redeem_from,
    redemption_value,
    subscription_problem,
    transfer_problem,
)

CATEGORIES = categories(
    {
        "A": {"holders": ["user"], "minimum": 1},
        "B": {"holders": ["partner", "staff", "legal_person"], "minimum": 10},
    }
)
POLICY = RedemptionPolicy(waiting_months=12, board_approval=True, transfers_allowed=False)


def test_who_may_hold_which_category_and_how_many_make_a_member():
    assert subscription_problem(CATEGORIES["A"], "user", 0, 1) is None
    assert "held by legal_person, partner, staff" in subscription_problem(
        CATEGORIES["B"], "user", 0, 10
    )
    assert "at least 10" in subscription_problem(CATEGORIES["B"], "staff", 3, 2)
    assert "not a share category" in subscription_problem(None, "user", 0, 1)


def test_shares_are_redeemed_after_the_wait_at_their_paid_value():
    common = {"paid_on": date(2026, 1, 15), "unit_paid": Decimal("30.00"), "leaving": False}
    assert redemption_value(
        POLICY, CATEGORIES["A"], today=date(2027, 1, 15), held=5, asked=4, **common
    ) == Decimal("120.00")
    with pytest.raises(RegisterProblem, match="after 12 months \\(11 so far\\)"):
        redemption_value(
            POLICY, CATEGORIES["A"], today=date(2027, 1, 14), held=5, asked=4, **common
        )
    with pytest.raises(RegisterProblem, match="keeps at least 1"):
        redemption_value(POLICY, CATEGORIES["A"], today=date(2027, 2, 1), held=5, asked=5, **common)
    leaving = common | {"leaving": True}
    assert redemption_value(
        POLICY, CATEGORIES["A"], today=date(2027, 2, 1), held=5, asked=5, **leaving
    ) == Decimal("150.00")
    with pytest.raises(RegisterProblem, match="6 asked, 5 held"):
        redemption_value(
            POLICY, CATEGORIES["A"], today=date(2027, 2, 1), held=5, asked=6, **leaving
        )


def test_transfers_are_refused_unless_the_statutes_allow_them():
    assert "do not allow" in transfer_problem(POLICY)
    allowed = RedemptionPolicy.of(
        {"waiting_months": 0, "board_approval": False, "transfers_allowed": True}
    )
    assert transfer_problem(allowed) is None


def test_the_oldest_shares_are_redeemed_first_each_after_its_wait():
    lots = [
        Lot("later", date(2026, 6, 1), Decimal("30.00"), 2),
        Lot("first", date(2025, 1, 1), Decimal("25.00"), 3),
    ]
    value, takes = redeem_from(
        POLICY, CATEGORIES["A"], lots, today=date(2026, 7, 1), asked=3, leaving=False
    )
    assert (value, takes) == (Decimal("75.00"), [("first", 3)])
    with pytest.raises(RegisterProblem, match="after 12 months"):  # the 4th is the later lot's
        redeem_from(POLICY, CATEGORIES["A"], lots, today=date(2026, 7, 1), asked=4, leaving=False)
    with pytest.raises(RegisterProblem, match="redeems all 5"):
        redeem_from(POLICY, CATEGORIES["A"], lots, today=date(2027, 7, 1), asked=4, leaving=True)
    value, takes = redeem_from(
        POLICY, CATEGORIES["A"], lots, today=date(2027, 7, 1), asked=5, leaving=True
    )
    assert (value, takes) == (Decimal("135.00"), [("first", 3), ("later", 2)])
