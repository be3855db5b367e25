from datetime import date
from decimal import Decimal

import pytest

from smart_activities.domain.reviews import ReviewPolicy
from smart_activities.domain.salary_requests import (
    SalaryRequestProblem,
    amount_asked,
    period_problem,
    salary_request_hits,
)

TODAY = date(2026, 3, 2)
EMPLOYEE = {"multiplier": "employee_multiplier"}
POLICY = ReviewPolicy(Decimal("0.05"), Decimal("500"), Decimal("5000"), 2)


def test_all_available_takes_the_budget_and_more_is_refused_with_the_figures():
    assert amount_asked("all", Decimal("812.40"), "EUR") == Decimal("812.40")
    assert amount_asked(Decimal("800.00"), Decimal("812.40"), "EUR") == Decimal("800.00")
    with pytest.raises(SalaryRequestProblem, match=r"812\.41 EUR asked, 812\.40 EUR available"):
        amount_asked(Decimal("812.41"), Decimal("812.40"), "EUR")
    with pytest.raises(SalaryRequestProblem, match="nothing to pay"):
        amount_asked("all", Decimal("0.00"), "EUR")


@pytest.mark.parametrize(
    ("start", "end", "days", "kind", "longest", "problem"),
    [
        (TODAY, TODAY, 1, EMPLOYEE, 730, None),
        (date(2026, 3, 1), TODAY, 1, EMPLOYEE, 730, "has begun"),
        (TODAY, date(2026, 3, 1), 1, EMPLOYEE, 730, "before start_date"),
        (TODAY, date(2026, 3, 3), 3, EMPLOYEE, 730, "do not fit in 2 days"),
        (TODAY, date(2026, 3, 31), 20, EMPLOYEE, 7, "at most 7 days"),
        (TODAY, TODAY, 1, None, None, "not a contract type"),
        (TODAY, TODAY, 1, {"annual_hours_cap": "x"}, 92, "planned hours"),
    ],
)
def test_the_period_is_declared_before_the_work(start, end, days, kind, longest, problem):
    found = period_problem(start, end, days, TODAY, kind, longest)
    assert found is None if problem is None else problem in found


def test_above_the_threshold_or_among_the_first_operations_the_counsellor_looks_first():
    assert (
        salary_request_hits(POLICY, amount=Decimal("5000"), currency="EUR", earlier_operations=2)
        == []
    )
    hits = salary_request_hits(
        POLICY, amount=Decimal("5000.01"), currency="EUR", earlier_operations=1
    )
    assert len(hits) == 2 and "threshold of 5000" in hits[0]
