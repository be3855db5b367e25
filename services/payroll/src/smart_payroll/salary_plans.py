"""Long contracts: the monthly salary plan of an open-ended contract, smoothed from the
activity's forecast revenue and adjusted to its actual revenue (nothing stored)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from smart_common.events.members import TaxSituation as DeclaredTaxSituation
from smart_common.money import CentAmount
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_common.text import InputModel
from smart_payroll.countries.payslips import smoothing_method
from smart_payroll.domain.belgian_payslip import TaxSituation, salary_from_gross
from smart_payroll.domain.periods import month_start
from smart_payroll.domain.smoothing import smoothed_plan


class SalaryPlanIn(InputModel):
    entity: str = Field(pattern=r"^[A-Z]{2}$", examples=["BE"])
    contract_type: str = Field(default="employee", pattern=r"^[a-z_]{2,20}$")
    start_month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2027-01"])
    forecast: list[CentAmount] = Field(
        min_length=1, max_length=60, description="Revenue excl. VAT expected each month"
    )
    actuals: list[CentAmount] = Field(
        default_factory=list, max_length=60, description="Revenue of the months already over"
    )
    monthly_expenses: CentAmount = Field(default=Decimal("0"), ge=Decimal("0"))
    tax_situation: DeclaredTaxSituation = DeclaredTaxSituation()


def plan_salaries(rules: RuleBook, request: SalaryPlanIn) -> dict[str, Any]:
    if any(value < 0 for value in [*request.forecast, *request.actuals]):
        raise Unprocessable("forecast and actuals: revenue cannot be negative")
    first = month_start(request.start_month, 0)
    situation = TaxSituation(
        request.tax_situation.marital.value, request.tax_situation.dependent_children
    )
    try:
        pack = rules.pack(request.entity, first)
        smoothing_method(pack)
        plan = smoothed_plan(
            request.forecast,
            request.actuals,
            pack.decimal("contribution_rate"),
            request.monthly_expenses,
        )
        months = []
        for budget in plan.months:
            month = month_start(request.start_month, budget.month - 1)
            month_pack = rules.pack(request.entity, month)
            kind = month_pack.value("contract_types").get(request.contract_type)
            if kind is None:
                raise RuleNotConfigured(f"contract type {request.contract_type!r}")
            multiplier = month_pack.decimal(kind["multiplier"])
            salary = salary_from_gross(
                budget.budget / multiplier, month_pack, situation, request.contract_type
            )
            months.append(
                {
                    "month": f"{month.year}-{month.month:02d}",
                    "revenue": str(budget.revenue),
                    "revenue_is": "actual" if budget.actual else "forecast",
                    "budget": str(budget.budget),
                    "gross": str(salary.gross),
                    "net": str(salary.net),
                    "employer_cost": str(salary.employer_cost),
                }
            )
    except RuleNotConfigured as error:
        raise Unprocessable(f"rates not configured: {error}") from error
    except ValueError as error:
        raise Unprocessable(str(error)) from error
    return {
        "entity": request.entity,
        "contract_type": request.contract_type,
        "total_budget": str(plan.total_budget),
        "shortfall": str(plan.shortfall),
        "to_regularise": str(plan.to_regularise),
        "counsellor_review": plan.shortfall > 0,
        "months": months,
    }
