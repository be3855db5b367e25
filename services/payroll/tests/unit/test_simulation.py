"""The salary simulator: the reference worked example, both views, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from smart_common.problems import Unprocessable
from smart_common.rulepacks import default_rule_book
from smart_payroll.simulation import FIGURES, SimulationIn, simulate

RULES = default_rule_book()


def run(**body):
    return simulate(RULES, SimulationIn(**body))


def test_payroll_view_reproduces_the_reference_worked_example():
    result = run(entity="BE", contract_type="employee", date=date(2026, 9, 15), gross="2500.00")
    assert result["view"] == "payroll"
    assert {name: result[name] for name in FIGURES} == {
        "gross": "2500.00",
        "employee_social_contribution": "326.75",
        "work_bonus": "245.72",
        "taxable": "2418.97",
        "withholding_tax": "241.97",
        "special_social_contribution": "13.74",
        "net": "2163.26",
        "employer_cost": "3125.00",
    }
    assert result["rule_pack"]["rules"]["work_bonus"]["valid_from"] == "2026-09-01"


def test_member_view_goes_from_the_amount_invoiced_to_the_net():
    result = run(
        entity="BE",
        contract_type="employee",
        date=date(2026, 11, 22),
        amount_excl_vat="4000.00",
        expenses="120.00",
        tax_situation={"marital": "spouse_without_income", "dependent_children": 2},
    )
    contribution = Decimal(result["contribution"])
    assert contribution == Decimal("260.00")  # 6.5 %
    assert Decimal(result["budget"]) == Decimal("4000.00") - contribution - Decimal("120.00")
    assert Decimal(result["net_paid"]) == Decimal(result["net"]) + Decimal("120.00")
    single = run(
        entity="BE",
        contract_type="employee",
        date=date(2026, 11, 22),
        amount_excl_vat="4000.00",
        expenses="120.00",
    )
    assert Decimal(result["withholding_tax"]) < Decimal(single["withholding_tax"])


def test_artists_contribute_on_108_percent():
    result = run(entity="BE", contract_type="artistic", date=date(2026, 10, 1), gross="2500.00")
    assert result["employee_social_contribution"] == "352.89"  # 13.07 % of 2,700.00
    assert result["rule_pack"]["rules"]["artistic_multiplier"]["verified"] is False


def test_students_pay_the_solidarity_contribution_only():
    result = run(entity="BE", contract_type="student", date=date(2026, 11, 22), gross="1000.00")
    assert result["employee_social_contribution"] == "27.10"  # 2.71 %
    assert result["work_bonus"] == "0" and result["special_social_contribution"] == "0"
    assert result["employer_cost"] == "1054.20"  # + 5.42 %
    assert result["rule_pack"]["rules"]["student_solidarity_employee"]["verified"] is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"entity": "IT", "contract_type": "employee", "gross": "2000"}, "rates not configured"),
        ({"entity": "ZZ", "contract_type": "employee", "gross": "2000"}, "rates not configured"),
        ({"entity": "BE", "contract_type": "cdd", "gross": "2000"}, "not configured"),
        (
            {
                "entity": "BE",
                "contract_type": "artistic",
                "gross": "2000",
                "date": date(2026, 5, 1),
            },
            "work_bonus_manual",
        ),
        (
            {
                "entity": "BE",
                "contract_type": "employee",
                "gross": "2000",
                "end_of_contract_bonus": True,
            },
            "CDD",
        ),
        (
            {
                "entity": "BE",
                "contract_type": "employee",
                "amount_excl_vat": "100",
                "expenses": "95",
            },
            "no budget",
        ),
    ],
)
def test_what_cannot_be_computed_is_said(body, message):
    with pytest.raises(Unprocessable) as refused:
        run(**({"date": date(2026, 11, 22)} | body))
    assert message in refused.value.detail


@pytest.mark.parametrize(
    "body",
    [
        {"gross": "2000", "amount_excl_vat": "3000"},
        {},
        {"gross": "2000", "expenses": "10"},
        {"gross": "-5"},
        {"gross": "12.345"},
    ],
)
def test_bad_requests_fail_validation(body):
    with pytest.raises(ValidationError):
        SimulationIn(entity="BE", contract_type="employee", date=date(2026, 11, 22), **body)


def test_french_cdd_from_a_gross_with_the_end_of_contract_bonus():
    result = run(
        entity="FR",
        contract_type="cdd",
        date=date(2026, 11, 22),
        gross="2500.00",
        end_of_contract_bonus=True,
    )
    assert result["gross"] == "2500.00" and result["details"]["end_of_contract_bonus"] == "250.00"
    assert result["details"]["cdd_levy"] == "27.50"
    assert Decimal(result["gross"]) + Decimal("250.00") - Decimal(
        result["employee_social_contribution"]
    ) == Decimal(result["net"])
    assert result["withholding_tax"] is None and result["rule_pack"]["engine"].startswith(
        "openfisca-france"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"gross": "2500", "contract_type": "cddu", "end_of_contract_bonus": True}, "not due"),
        ({"gross": "2500", "contract_type": "cdi_chantier"}, "not configured"),
    ],
)
def test_what_france_cannot_compute_yet_is_said(body, message):
    with pytest.raises(Unprocessable) as refused:
        run(**({"entity": "FR", "contract_type": "cdd", "date": date(2026, 11, 22)} | body))
    assert message in refused.value.detail


def test_france_member_view_spends_the_budget_on_the_employer_cost():
    result = run(
        entity="FR",
        contract_type="cdd",
        date=date(2026, 11, 22),
        amount_excl_vat="3000.00",
        expenses="100.00",
        hours="21",
        end_of_contract_bonus=True,
    )
    assert result["view"] == "member"
    assert result["contribution"] == "246.00"  # 8.2 %, derived from the 2018 accounts
    assert result["budget"] == "2654.00"
    assert Decimal(result["employer_cost"]) <= Decimal("2654.00")
    assert Decimal(result["employer_cost"]) > Decimal("2650.00")
    assert Decimal(result["net_paid"]) == Decimal(result["net"]) + Decimal("100.00")
    assert result["rule_pack"]["rules"]["contribution_rate"]["verified"] is False


def test_france_cddu_adds_the_intermittent_and_conges_spectacles_contributions():
    cddu = run(entity="FR", contract_type="cddu", date=date(2026, 11, 22), gross="2000.00")
    cdd = run(entity="FR", contract_type="cdd", date=date(2026, 11, 22), gross="2000.00")
    assert cddu["details"]["specific_employee_contribution"] == "48.00"  # 2.40 %
    assert cddu["details"]["specific_employer_contribution"] == "410.00"  # 5 % + 15.50 %
    assert Decimal(cddu["net"]) == Decimal(cdd["net"]) - Decimal("48.00")
    assert cddu["rule_pack"]["rules"]["cddu_specific_contributions"]["verified"] is False
