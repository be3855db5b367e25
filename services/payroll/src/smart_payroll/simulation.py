"""The salary simulator: every figure of a salary from what the member will invoice (or from a
gross), with the entity's rules on a date, nothing stored. The front end calls it before a job
is declared."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Self

from pydantic import Field, model_validator

from smart_common.events.members import TaxSituation as DeclaredTaxSituation
from smart_common.money import CentAmount
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured, RulePack
from smart_common.text import InputModel
from smart_payroll.domain.belgian_payslip import (
    TaxSituation,
    payslip_for_job,
    rules_used,
    salary_from_gross,
)
from smart_payroll.domain.french_payslip import (
    french_payslip_for_job,
    french_rules_used,
    french_salaries,
)

FIGURES = (
    "gross",
    "employee_social_contribution",
    "work_bonus",
    "taxable",
    "withholding_tax",
    "special_social_contribution",
    "net",
    "employer_cost",
)


class SimulationIn(InputModel):
    entity: str = Field(pattern=r"^[A-Z]{2}$", examples=["BE"])
    contract_type: str = Field(pattern=r"^[a-z_]{2,20}$", examples=["employee"])
    date: date
    tax_situation: DeclaredTaxSituation = DeclaredTaxSituation()
    amount_excl_vat: CentAmount | None = Field(
        default=None, gt=Decimal("0"), le=Decimal("1000000"), description="The member's view"
    )
    expenses: CentAmount = Field(default=Decimal("0"), ge=Decimal("0"))
    gross: CentAmount | None = Field(
        default=None, gt=Decimal("0"), le=Decimal("1000000"), description="Payroll's view"
    )
    end_of_contract_bonus: bool = False
    hours: Decimal | None = Field(
        default=None,
        gt=Decimal("0"),
        le=Decimal("400"),
        description="France: the hours paid in the month (part-time below 151.67 h)",
    )

    @model_validator(mode="after")
    def one_view(self) -> Self:
        if (self.amount_excl_vat is None) == (self.gross is None):
            raise ValueError("give either amount_excl_vat (member's view) or gross (payroll's)")
        if self.gross is not None and self.expenses:
            raise ValueError("expenses belong to the member's view (with amount_excl_vat)")
        return self


def simulate(rules: RuleBook, request: SimulationIn) -> dict[str, Any]:
    """By the payroll method the entity's pack names on the day."""
    # the methods' registry refers to the simulations below
    from smart_payroll.countries.payslips import payslip_method

    try:
        pack = rules.pack(request.entity, request.date)
        method = payslip_method(pack)
        currency = pack.value("currency")
    except RuleNotConfigured as error:
        raise Unprocessable(f"rates not configured: {error}") from error
    return method.simulate(pack, request, currency)


def belgian_simulation(pack: RulePack, request: SimulationIn, currency: str) -> dict[str, Any]:
    """Belgium: the key formula; the member's view goes from the budget to the gross by the
    contract type's multiplier."""
    if request.end_of_contract_bonus:
        raise Unprocessable("end_of_contract_bonus: a French fixed-term contract rule (CDD)")
    situation = TaxSituation(
        request.tax_situation.marital.value, request.tax_situation.dependent_children
    )
    try:
        if request.amount_excl_vat is not None:
            slip = payslip_for_job(
                request.amount_excl_vat, request.expenses, pack, situation, request.contract_type
            )
            salary = slip.salary
            view: dict[str, Any] = {
                "view": "member",
                "amount_excl_vat": str(slip.amount_excl_vat),
                "contribution": str(slip.contribution),
                "expenses": str(slip.expenses),
                "budget": str(slip.budget),
                "multiplier": str(slip.multiplier),
                "net_paid": str(slip.net_paid),
            }
        else:
            assert request.gross is not None
            salary = salary_from_gross(request.gross, pack, situation, request.contract_type)
            view = {"view": "payroll"}
        provenance = pack.provenance(*rules_used(pack, request.contract_type))
    except RuleNotConfigured as error:
        raise Unprocessable(f"rates not configured: {error}") from error
    except ValueError as error:
        raise Unprocessable(str(error)) from error
    figures = salary.as_strings()
    return {
        **_heading(request, currency),
        **view,
        **{name: figures[name] for name in FIGURES},
        "details": {
            key: figures[key]
            for key in (
                "work_bonus_a",
                "work_bonus_b",
                "withholding_before_fiscal_bonus",
                "fiscal_work_bonus",
                "employer_social_contribution",
            )
        },
        "rule_pack": {"version": pack.version, "rules": provenance},
    }


def _heading(request: SimulationIn, currency: str) -> dict[str, Any]:
    return {
        "entity": request.entity,
        "contract_type": request.contract_type,
        "date": request.date.isoformat(),
        "currency": currency,
        "tax_situation": request.tax_situation.model_dump(mode="json"),
    }


def french_simulation(pack: RulePack, request: SimulationIn, currency: str) -> dict[str, Any]:
    """France: the general scheme by OpenFisca-France. The member's view finds the highest gross
    whose employer cost the budget covers; the payroll view prices the gross given."""
    view: dict[str, Any] = {"view": "payroll"}
    try:
        if request.amount_excl_vat is not None:
            slip = french_payslip_for_job(
                request.amount_excl_vat,
                request.expenses,
                pack,
                request.contract_type,
                request.date,
                request.hours,
                request.end_of_contract_bonus,
            )
            salary = slip.salary
            view = {
                "view": "member",
                "amount_excl_vat": str(slip.amount_excl_vat),
                "contribution": str(slip.contribution),
                "expenses": str(slip.expenses),
                "budget": str(slip.budget),
                "net_paid": str(slip.net_paid),
            }
            rules: tuple[str, ...] = ("contribution_rate",)
        else:
            assert request.gross is not None
            salary = french_salaries(
                [(request.gross, request.contract_type, request.end_of_contract_bonus)],
                request.date,
                pack,
                [request.hours],
            )[0]
            rules = ()
    except RuleNotConfigured as error:
        raise Unprocessable(f"rates not configured: {error}") from error
    except ValueError as error:
        raise Unprocessable(str(error)) from error
    figures = salary.as_strings()
    return {
        **_heading(request, currency),
        **view,
        "gross": figures["gross"],
        "employee_social_contribution": figures["employee_social_contribution"],
        "work_bonus": "0.00",
        "taxable": figures["taxable"],
        "withholding_tax": None,
        "special_social_contribution": "0.00",
        "net": figures["net"],
        "employer_cost": figures["employer_cost"],
        "details": {
            key: figures[key]
            for key in (
                "end_of_contract_bonus",
                "csg_crds",
                "employer_social_contribution",
                "general_reduction",
                "cdd_levy",
                "specific_employee_contribution",
                "specific_employer_contribution",
            )
        },
        "notes": [
            "withholding_tax: the prélèvement à la source applies the worker's personal rate "
            "from the tax administration; it is not computed here",
            "work_bonus and special_social_contribution are Belgian: none in France",
            "hours: without them, a full-time month (151.67 h) is assumed for the general "
            "reduction",
        ],
        "rule_pack": {
            "version": pack.version,
            "engine": f"openfisca-france {_openfisca_version()}",
            "rules": pack.provenance(*rules, *french_rules_used(pack, request.contract_type)),
        },
    }


def _openfisca_version() -> str:
    from importlib.metadata import version

    return version("openfisca-france")
