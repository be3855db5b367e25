"""French CDD payslips equal OpenFisca-France's figures to the cent, from the minimum wage to
EUR 10,000, with and without the end-of-contract bonus; the payslip adds up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smart_common.money import round_half_up
from smart_common.rulepacks import default_rule_book
from smart_payroll.domain.french_payslip import (
    _tax_benefit_system,
    french_salary,
    openfisca_outputs,
)

MONTH = date(2026, 11, 1)
PACK = default_rule_book().pack("FR", MONTH)
PROFILE = PACK.value("employer_profile")


def minimum_wage() -> Decimal:
    smic = _tax_benefit_system().parameters(MONTH.isoformat()).marche_travail.salaire_minimum.smic
    return round_half_up(
        Decimal(str(smic.smic_b_horaire)) * Decimal(str(smic.nb_heures_travail_mensuel))
    )


def grid() -> list[Decimal]:
    low = minimum_wage()
    steps = [low, low + Decimal("0.01"), Decimal("2000.00"), Decimal("2345.67"), Decimal("3000.00")]
    steps += [Decimal(value) for value in ("3864.00", "4500.50", "6000.00", "7777.77", "10000.00")]
    return steps


def cents(value: float) -> Decimal:
    return round_half_up(Decimal(repr(value)))


@pytest.mark.parametrize("bonus", [False, True])
@pytest.mark.parametrize("gross", grid(), ids=str)
def test_cdd_equals_openfisca_to_the_cent(gross, bonus):
    ours = french_salary(gross, MONTH, PACK, "cdd", bonus)
    reference = openfisca_outputs(gross, MONTH, "cdd", bonus, PROFILE)
    assert ours.gross == cents(reference["salaire_de_base"]) == gross
    assert ours.net == cents(reference["salaire_net"])
    assert ours.taxable == cents(reference["salaire_imposable"])
    assert ours.employer_cost == cents(reference["cout_du_travail"])
    assert ours.end_of_contract_bonus == (round_half_up(gross / 10) if bonus else Decimal("0.00"))
    assert ours.cdd_levy == round_half_up((gross + ours.end_of_contract_bonus) / 100)
    assert ours.gross + ours.end_of_contract_bonus - ours.employee_social_contribution == ours.net
    assert Decimal("0") < ours.net < ours.gross + ours.end_of_contract_bonus


def test_no_bonus_and_no_levy_on_an_open_ended_contract():
    cdi = french_salary(Decimal("2500.00"), MONTH, PACK, "cdi", False)
    assert cdi.cdd_levy == Decimal("0.00") and cdi.end_of_contract_bonus == Decimal("0.00")
    with pytest.raises(ValueError):
        french_salary(Decimal("2500.00"), MONTH, PACK, "cdi", True)


def test_a_batch_gives_each_worker_the_figures_of_a_single_computation():
    from smart_payroll.domain.french_payslip import french_salaries

    workers = [(gross, "cdd", index % 2 == 0) for index, gross in enumerate(grid())]
    workers.append((Decimal("2500.00"), "cdi", False))
    batch = french_salaries(workers, MONTH, PACK)
    assert batch == [
        french_salary(gross, MONTH, PACK, kind, bonus) for gross, kind, bonus in workers
    ]


@settings(max_examples=60, deadline=None)
@given(
    cents_above=st.integers(min_value=0, max_value=1_000_000),
    bonus=st.booleans(),
)
def test_any_gross_between_the_minimum_wage_and_10000_equals_openfisca(cents_above, bonus):
    """Random grosses to the cent over the acceptance range, not only the grid."""
    low = minimum_wage()
    gross = min(low + Decimal(cents_above) / 100, Decimal("10000.00"))
    ours = french_salary(gross, MONTH, PACK, "cdd", bonus)
    reference = openfisca_outputs(gross, MONTH, "cdd", bonus, PROFILE)
    assert ours.net == cents(reference["salaire_net"])
    assert ours.taxable == cents(reference["salaire_imposable"])
    assert ours.employer_cost == cents(reference["cout_du_travail"])
    assert ours.employer_social_contribution == -cents(reference["cotisations_employeur"])
