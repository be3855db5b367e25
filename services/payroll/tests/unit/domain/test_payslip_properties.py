"""Properties of the Belgian payslip over the whole range of wages (hypothesis)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from smart_common.rulepacks import default_rule_book
from smart_payroll.domain.belgian_payslip import TaxSituation, salary_from_gross

PACK = default_rule_book().pack("BE", date(2026, 9, 15))
CENT = Decimal("0.01")
wages = st.decimals(min_value=Decimal("1"), max_value=Decimal("20000"), places=2)
situations = st.builds(
    TaxSituation,
    st.sampled_from(["single", "spouse_with_income", "spouse_without_income"]),
    st.integers(min_value=0, max_value=10),
)
contract_types = st.sampled_from(["employee", "artistic"])


@settings(max_examples=400, deadline=None)
@given(wages, situations, contract_types)
def test_net_is_at_most_gross_and_exact_to_the_cent(gross, situation, contract_type):
    figures = salary_from_gross(gross, PACK, situation, contract_type)
    assert Decimal("0") <= figures.net <= figures.gross
    for value in (figures.net, figures.withholding_tax, figures.employee_social_contribution):
        assert value == value.quantize(CENT)
    assert figures.net == (
        figures.gross
        - figures.employee_social_contribution
        + figures.work_bonus
        - figures.withholding_tax
        - figures.special_social_contribution
    )


cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("0.99"), places=2)
euros = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("500"), places=2)


@settings(max_examples=600, deadline=None)
@given(wages, euros, situations)
def test_net_never_decreases_when_gross_rises(gross, rise, situation):
    lower = salary_from_gross(gross, PACK, situation)
    higher = salary_from_gross(gross + rise, PACK, situation)
    assert higher.net >= lower.net


@settings(max_examples=600, deadline=None)
@given(wages, cents, situations)
def test_a_rise_of_cents_costs_at_most_the_rounding(gross, rise, situation):
    """Each official step rounds half-up to the cent, so a rise of a few cents can move two
    roundings against the worker: the net may then fall by a cent or two, never more."""
    lower = salary_from_gross(gross, PACK, situation)
    higher = salary_from_gross(gross + rise, PACK, situation)
    assert higher.net >= lower.net - Decimal("0.02")
