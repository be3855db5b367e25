from datetime import date
from decimal import Decimal

import pytest

from smart_common.rulepacks import default_rule_book
from smart_payroll.domain.belgian_payslip import (
    TaxSituation,
    payslip_for_budget,
    payslip_for_job,
    salary_from_gross,
)

SEPTEMBER_2026 = default_rule_book().pack("BE", date(2026, 9, 15))


def test_reference_worked_example_white_collar_single_2500_gross():
    figures = salary_from_gross(Decimal("2500"), SEPTEMBER_2026, TaxSituation())
    assert figures.employee_social_contribution == Decimal("326.75")
    assert figures.work_bonus == Decimal("245.72")
    assert figures.taxable == Decimal("2418.97")
    assert figures.withholding_before_fiscal_bonus == Decimal("346.33")
    assert figures.fiscal_work_bonus == Decimal("104.36")
    assert figures.withholding_tax == Decimal("241.97")
    assert figures.special_social_contribution == Decimal("13.74")
    assert figures.net == Decimal("2163.26")


@pytest.mark.parametrize("gross", ["1200", "2000", "2937.93", "3500", "5000", "9000"])
def test_net_never_exceeds_gross_and_is_in_cents(gross):
    figures = salary_from_gross(Decimal(gross), SEPTEMBER_2026, TaxSituation())
    assert Decimal("0") < figures.net <= figures.gross
    assert figures.net == figures.net.quantize(Decimal("0.01"))


def test_children_and_non_earning_spouse_lower_the_withholding():
    single = salary_from_gross(Decimal("3500"), SEPTEMBER_2026, TaxSituation())
    family = salary_from_gross(
        Decimal("3500"), SEPTEMBER_2026, TaxSituation("spouse_without_income", 2)
    )
    assert family.withholding_tax < single.withholding_tax


def test_job_payslip_follows_budget_and_multiplier():
    slip = payslip_for_job(Decimal("1500.00"), Decimal("50.00"), SEPTEMBER_2026, TaxSituation())
    assert slip.contribution == Decimal("97.50")
    assert slip.budget == Decimal("1352.50")
    assert slip.salary.gross == Decimal("1082.00")
    assert slip.net_paid == slip.salary.net + Decimal("50.00")
    assert slip.salary.employer_cost <= slip.budget


def test_a_salary_from_the_budget_takes_no_second_contribution():
    """The activity's budget had the contribution taken as its revenue came in: the same
    budget pays the same salary as the job that left it."""
    from_job = payslip_for_job(Decimal("1500.00"), Decimal("50.00"), SEPTEMBER_2026, TaxSituation())
    slip = payslip_for_budget(Decimal("1352.50"), SEPTEMBER_2026, TaxSituation(), "employee")
    assert (slip.contribution, slip.expenses, slip.budget) == (0, 0, Decimal("1352.50"))
    assert slip.salary == from_job.salary
    with_notes = payslip_for_budget(
        Decimal("1352.50"), SEPTEMBER_2026, TaxSituation(), "employee", Decimal("121.00")
    )
    assert with_notes.salary == from_job.salary  # the notes it reimburses are not salary
    assert with_notes.net_paid == from_job.salary.net + Decimal("121.00")
    with pytest.raises(ValueError):
        payslip_for_budget(Decimal("0"), SEPTEMBER_2026, TaxSituation(), "employee")


def test_no_budget_is_refused():
    with pytest.raises(ValueError):
        payslip_for_job(Decimal("100"), Decimal("95"), SEPTEMBER_2026, TaxSituation())
