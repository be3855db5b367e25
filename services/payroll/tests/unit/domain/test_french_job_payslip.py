"""A French job's payslip: the budget pays the whole employer cost, computed by OpenFisca-France;
the gross is the highest the budget covers, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smart_common.money import round_half_up
from smart_common.rulepacks import Rule, RuleNotConfigured, RulePack, default_rule_book
from smart_payroll.domain.french_payslip import (
    french_payslip_for_budget,
    french_payslip_for_job,
    french_salaries,
    openfisca_batch,
)

MONTH = date(2026, 11, 1)
PACK = default_rule_book().pack("FR", MONTH)


def employer_cost(gross: Decimal, bonus: bool, hours: Decimal | None) -> Decimal:
    outputs = openfisca_batch(
        [(gross, "cdd", bonus)], MONTH, PACK.value("employer_profile"), [hours]
    )[0]
    return round_half_up(Decimal(repr(outputs["cout_du_travail"])))


@pytest.mark.parametrize(
    ("amount", "expenses", "hours", "bonus"),
    [
        (Decimal("3000.00"), Decimal("0"), Decimal("21"), True),
        (Decimal("5000.00"), Decimal("120.00"), Decimal("151.67"), False),
        (Decimal("800.00"), Decimal("0"), Decimal("14"), True),
        (Decimal("2600.00"), Decimal("0"), None, True),
    ],
)
def test_the_gross_is_the_highest_the_budget_covers(amount, expenses, hours, bonus):
    slip = french_payslip_for_job(amount, expenses, PACK, "cdd", MONTH, hours, bonus)
    assert slip.contribution == round_half_up(amount * Decimal("0.082"))
    assert slip.budget == amount - slip.contribution - expenses
    salary = slip.salary
    assert salary.employer_cost <= slip.budget
    assert employer_cost(salary.gross, bonus, hours) == salary.employer_cost
    assert employer_cost(salary.gross + Decimal("0.01"), bonus, hours) > slip.budget
    assert salary.end_of_contract_bonus == (
        round_half_up(salary.gross * Decimal("0.10")) if bonus else Decimal("0.00")
    )
    assert salary.gross + salary.end_of_contract_bonus - salary.employee_social_contribution == (
        salary.net
    )
    assert slip.net_paid == salary.net + expenses


def test_a_short_job_is_not_a_month_of_minimum_wage():
    """Paid hours prorate the minimum wage of the general reduction: EUR 1,200 for 21 hours is
    far above it (no reduction), while as a full-time month it would be reduced."""
    short = french_payslip_for_job(
        Decimal("1500"), Decimal("0"), PACK, "cdd", MONTH, Decimal("21"), False
    )
    full_month = french_payslip_for_job(
        Decimal("1500"), Decimal("0"), PACK, "cdd", MONTH, None, False
    )
    assert short.salary.general_reduction == Decimal("0.00")
    assert full_month.salary.general_reduction > Decimal("0")
    assert short.salary.gross < full_month.salary.gross


def test_a_job_leaving_no_budget_is_refused():
    with pytest.raises(ValueError, match="no budget"):
        french_payslip_for_job(
            Decimal("100"), Decimal("95"), PACK, "cdd", MONTH, Decimal("7"), False
        )


def with_cddu_rates(rates: dict[str, str]) -> RulePack:
    rule = PACK.rule("cddu_specific_contributions")
    return RulePack(
        "FR",
        MONTH,
        PACK.rules | {rule.name: Rule(rule.name, rule.valid_from, rates, "test", False)},
    )


def test_a_cddu_is_refused_while_a_rate_of_its_own_is_not_set():
    pack = with_cddu_rates(
        {
            "unemployment_employer": "0.05",
            "unemployment_employee": "0.024",
            "conges_spectacles_employer": "",
        }
    )
    with pytest.raises(RuleNotConfigured, match="conges_spectacles_employer"):
        french_payslip_for_job(
            Decimal("3000"), Decimal("0"), pack, "cddu", MONTH, Decimal("21"), False
        )


def test_the_pack_gives_the_cddu_rates_of_the_reference():
    assert PACK.value("cddu_specific_contributions") == {
        "unemployment_employer": "0.05",
        "unemployment_employee": "0.024",
        "conges_spectacles_employer": "0.155",
    }
    assert PACK.rule("cddu_specific_contributions").verified is False


def test_a_cddu_adds_its_own_contributions_to_the_general_scheme():
    """With rates set (test values, not legal figures), the CDDU is a CDD without the bonus
    plus its own contributions on the gross."""
    rates = {
        "unemployment_employer": "0.05",
        "unemployment_employee": "0.02",
        "conges_spectacles_employer": "0.10",
    }
    pack = with_cddu_rates(rates)
    gross = Decimal("2000.00")
    [cddu] = french_salaries([(gross, "cddu", False)], MONTH, pack, [Decimal("21")])
    [cdd] = french_salaries([(gross, "cdd", False)], MONTH, pack, [Decimal("21")])
    assert cddu.specific_employee_contribution == Decimal("40.00")
    assert cddu.specific_employer_contribution == Decimal("300.00")
    assert cddu.net == cdd.net - Decimal("40.00")
    assert cddu.employer_cost == cdd.employer_cost + Decimal("300.00")
    slip = french_payslip_for_job(
        Decimal("3000"), Decimal("0"), pack, "cddu", MONTH, Decimal("21"), False
    )
    assert slip.salary.employer_cost <= slip.budget
    assert slip.salary.end_of_contract_bonus == Decimal("0.00")
    with pytest.raises(ValueError, match="not due"):
        french_salaries([(gross, "cddu", True)], MONTH, pack)


def test_a_salary_from_the_budget_pays_what_the_same_jobs_budget_pays():
    from_job = french_payslip_for_job(
        Decimal("3000.00"), Decimal("0"), PACK, "cdd", MONTH, Decimal("21"), True
    )
    slip = french_payslip_for_budget(from_job.budget, PACK, "cdd", MONTH, Decimal("21"), True)
    assert (slip.contribution, slip.budget) == (0, from_job.budget)
    assert slip.salary.gross == from_job.salary.gross
