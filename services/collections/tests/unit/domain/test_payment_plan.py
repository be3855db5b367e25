from datetime import date
from decimal import Decimal

import pytest

from smart_collections.domain.payment_plan import Instalment, InvalidPlan, check_plan, kept

TODAY = date(2027, 1, 10)
PLAN = [
    Instalment(date(2027, 2, 1), Decimal("900.00")),
    Instalment(date(2027, 3, 1), Decimal("915.00")),
]


@pytest.mark.parametrize(
    ("instalments", "why"),
    [
        ([], "at least one"),
        (PLAN[:1], "add up to 900.00"),
        ([PLAN[1], PLAN[0]], "follow one another"),
        ([Instalment(date(2027, 1, 1), Decimal("1815.00"))], "follow one another"),
        (
            [
                PLAN[0],
                Instalment(date(2027, 3, 1), Decimal("-1")),
                Instalment(date(2027, 4, 1), Decimal("916")),
            ],
            "positive",
        ),
    ],
)
def test_a_plan_covers_what_is_owed_in_dates_that_follow(instalments, why):
    with pytest.raises(InvalidPlan, match=why):
        check_plan(instalments, Decimal("1815.00"), TODAY)


def test_a_plan_is_kept_while_the_instalments_due_past_the_grace_are_paid():
    check_plan(PLAN, Decimal("1815.00"), TODAY)
    assert kept(PLAN, Decimal("0"), date(2027, 2, 6), 5)  # due 1 Feb, 5 days of grace
    assert not kept(PLAN, Decimal("0"), date(2027, 2, 7), 5)
    assert kept(PLAN, Decimal("900.00"), date(2027, 3, 6), 5)
    assert not kept(PLAN, Decimal("900.00"), date(2027, 3, 7), 5)
