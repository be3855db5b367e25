"""Smoothed salaries of long contracts: even on forecast, adjusted to actuals, on budget."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smart_common.problems import Unprocessable
from smart_common.rulepacks import default_rule_book
from smart_payroll.domain.smoothing import smoothed_plan
from smart_payroll.salary_plans import SalaryPlanIn, plan_salaries

RATE = Decimal("0.065")
D = Decimal


def test_on_forecast_every_month_gets_the_same_budget():
    plan = smoothed_plan([D("3000")] * 12, [], RATE, D("100"))
    assert {month.budget for month in plan.months} == {D("2705.00")}
    assert plan.total_budget == D("32460.00") and plan.shortfall == 0


def test_actuals_move_the_months_left_and_the_plan_ends_on_budget():
    plan = smoothed_plan([D("3000")] * 12, [D("2000"), D("2000"), D("5000")], RATE, D("100"))
    budgets = [month.budget for month in plan.months]
    assert budgets[:3] == [D("2705.00"), D("2620.00"), D("2526.50")]
    assert sum(budgets) == plan.total_budget
    assert [month.actual for month in plan.months][:4] == [True, True, True, False]


def test_a_collapse_is_flagged_and_never_negative():
    plan = smoothed_plan([D("3000")] * 4, [D("0")] * 3, RATE, D("100"))
    assert plan.shortfall > 0 and all(month.budget >= 0 for month in plan.months)


amounts = st.decimals(min_value=D("500"), max_value=D("20000"), places=2)


@settings(max_examples=200, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=24), st.data())
def test_while_the_activity_carries_it_the_plan_pays_exactly_its_budget(forecast, data):
    actuals = data.draw(st.lists(amounts, max_size=len(forecast)))
    plan = smoothed_plan(forecast, actuals, RATE, D("0"))
    paid = sum(month.budget for month in plan.months)
    assert paid + plan.to_regularise - plan.shortfall == plan.total_budget
    if len(actuals) < len(forecast):
        assert plan.to_regularise == 0  # months left absorb any difference
    for month in plan.months:
        assert month.budget == month.budget.quantize(D("0.01"))


def test_the_plan_through_the_api_model():
    result = plan_salaries(
        default_rule_book(),
        SalaryPlanIn(entity="BE", start_month="2026-11", forecast=["4000.00"] * 3),
    )
    assert [month["month"] for month in result["months"]] == ["2026-11", "2026-12", "2027-01"]
    assert len({month["gross"] for month in result["months"]}) == 1
    assert result["counsellor_review"] is False
    with pytest.raises(Unprocessable):
        plan_salaries(
            default_rule_book(),
            SalaryPlanIn(entity="FR", start_month="2026-11", forecast=["4000.00"]),
        )


def test_a_running_plan_keeps_what_was_paid_and_spreads_the_rest():
    from smart_payroll.domain.smoothing import replanned

    rate, expenses = Decimal("0.065"), Decimal("50.00")
    forecast = [Decimal("3000.00")] * 3
    fresh = replanned(forecast, [], [], rate, expenses)
    assert [month.budget for month in fresh.months] == [Decimal("2755.00")] * 3
    # the first month was paid 2,755.00 and brought 1,500.00: the two left share the rest
    running = replanned(forecast, [Decimal("1500.00")], [Decimal("2755.00")], rate, expenses)
    assert running.months[0].budget == Decimal("2755.00")
    assert running.months[1].budget == running.months[2].budget == Decimal("2053.75")
    assert running.shortfall == running.to_regularise == Decimal("0")
    # every month paid, the last actuals above forecast: the rest is owed to the worker
    done = replanned(
        forecast[:2],
        [Decimal("1500.00"), Decimal("5000.00")],
        [Decimal("2755.00"), Decimal("2053.75")],
        rate,
        expenses,
    )
    assert done.to_regularise == Decimal("6500.00") - Decimal("422.50") - Decimal("100.00") - (
        Decimal("4808.75")
    )
    assert done.shortfall == 0
    short = replanned(
        forecast[:2],
        [Decimal("1500.00"), Decimal("1000.00")],
        [Decimal("2755.00"), Decimal("2053.75")],
        rate,
        expenses,
    )
    assert short.shortfall == Decimal("4808.75") - (
        Decimal("2500.00") - Decimal("162.50") - Decimal("100.00")
    )
