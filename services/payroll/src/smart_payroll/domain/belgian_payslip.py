"""Belgian payslip of an employee contract, from the job's budget (pure, no I/O).

Follows the rule pack's figures: employee contribution, work bonus (parts A and B), taxable
pay, withholding tax by the key formula (annualised), fiscal work bonus, special social security
contribution, net. Rounded half-up to the cent at each step, as the key formula does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from smart_common.money import round_half_up
from smart_common.rulepacks import RuleNotConfigured, RulePack

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class TaxSituation:
    marital: str = "single"  # single | spouse_with_income | spouse_without_income
    dependent_children: int = 0


@dataclass(frozen=True, slots=True)
class SalaryFigures:
    gross: Decimal
    employee_social_contribution: Decimal
    work_bonus_a: Decimal
    work_bonus_b: Decimal
    work_bonus: Decimal
    taxable: Decimal
    withholding_before_fiscal_bonus: Decimal
    fiscal_work_bonus: Decimal
    withholding_tax: Decimal
    special_social_contribution: Decimal
    net: Decimal
    employer_social_contribution: Decimal
    employer_cost: Decimal

    def as_strings(self) -> dict[str, str]:
        return {name: str(value) for name, value in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class JobPayslip:
    amount_excl_vat: Decimal
    contribution: Decimal
    expenses: Decimal
    budget: Decimal
    multiplier: Decimal
    salary: SalaryFigures
    net_paid: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "amount_excl_vat": str(self.amount_excl_vat),
            "contribution": str(self.contribution),
            "expenses_reimbursed": str(self.expenses),
            "budget": str(self.budget),
            "multiplier": str(self.multiplier),
            **self.salary.as_strings(),
            "net_paid": str(self.net_paid),
        }


def _work_bonus_part(wage: Decimal, part: dict[str, str]) -> Decimal:
    maximum, full_to = Decimal(part["max"]), Decimal(part["full_to"])
    zero_at, slope = Decimal(part["zero_at"]), Decimal(part["slope"])
    if wage <= full_to:
        return maximum
    if wage >= zero_at:
        return ZERO
    return max(ZERO, round_half_up(maximum - slope * (wage - full_to)))


def _scale_tax(income: Decimal, brackets: list[dict[str, str]]) -> Decimal:
    tax, lower = ZERO, ZERO
    for bracket in brackets:
        upper = Decimal(bracket["to"]) if "to" in bracket else None
        if income <= lower:
            break
        slice_top = income if upper is None else min(income, upper)
        tax += round_half_up((slice_top - lower) * Decimal(bracket["rate"]))
        if upper is None:
            break
        lower = upper
    return tax


def _special_contribution(wage: Decimal, brackets: list[dict[str, str]]) -> Decimal:
    for bracket in brackets:
        if "to" not in bracket or wage <= Decimal(bracket["to"]):
            rate, base = Decimal(bracket["rate"]), Decimal(bracket["base"])
            return round_half_up(base + rate * (wage - Decimal(bracket["from"])))
    raise ValueError("special contribution scale has no open last bracket")


def _child_reduction(children: int, parameters: dict[str, Any]) -> Decimal:
    if children <= 0:
        return ZERO
    table = [Decimal(value) for value in parameters["child_reductions"]]
    if children <= len(table):
        return table[children - 1]
    extra = Decimal(parameters["child_reduction_beyond_eight"]) * (children - len(table))
    return table[-1] + extra


def _annual_withholding(
    annual: Decimal, situation: TaxSituation, parameters: dict[str, Any]
) -> Decimal:
    lump_sum = min(
        round_half_up(annual * Decimal(parameters["lump_sum_rate"])),
        Decimal(parameters["lump_sum_max"]),
    )
    net_taxable = annual - lump_sum
    brackets = parameters["brackets"]
    reduction = Decimal(parameters["tax_free_reduction"])
    if situation.marital == "spouse_without_income":
        quotient = min(
            round_half_up(net_taxable * Decimal(parameters["marriage_quotient_rate"])),
            Decimal(parameters["marriage_quotient_max"]),
        )
        tax = _scale_tax(net_taxable - quotient, brackets) + _scale_tax(quotient, brackets)
        reduction *= 2
    else:
        tax = _scale_tax(net_taxable, brackets)
    tax -= reduction + _child_reduction(situation.dependent_children, parameters)
    return max(ZERO, tax)


def salary_from_gross(
    gross: Decimal, pack: RulePack, situation: TaxSituation, contract_type: str = "employee"
) -> SalaryFigures:
    """Monthly figures for one gross wage (the job's gross is taken as its month's reference).

    The contract type sets the base of the employee contribution (108 % for artists) and which
    work-bonus rows apply; a type the pack does not configure raises ``RuleNotConfigured``.
    """
    gross = round_half_up(gross)
    kind = _contract_type(pack, contract_type)
    base = round_half_up(gross * Decimal(kind["contribution_base"]))
    contribution = round_half_up(base * pack.decimal(kind["employee_rate"]))
    if "work_bonus" in kind:
        bonus = pack.value(kind["work_bonus"])
        part_a = _work_bonus_part(gross, bonus["a"])
        part_b = _work_bonus_part(gross, bonus["b"])
    else:
        part_a = part_b = ZERO
    work_bonus = min(part_a + part_b, contribution)
    taxable = gross - (contribution - work_bonus)
    parameters = pack.value("withholding_tax")
    monthly_before = round_half_up(_annual_withholding(taxable * 12, situation, parameters) / 12)
    fiscal = pack.value("fiscal_work_bonus")
    fiscal_bonus = round_half_up(part_a * Decimal(fiscal["a"]) + part_b * Decimal(fiscal["b"]))
    withholding = round_half_up(max(ZERO, monthly_before - fiscal_bonus))
    special = (
        _special_contribution(gross, pack.value("special_social_contribution"))
        if kind["special_contribution"]
        else ZERO
    )
    net = gross - contribution + work_bonus - withholding - special
    employer = round_half_up(gross * pack.decimal(kind["employer_rate"]))
    return SalaryFigures(
        gross=gross,
        employee_social_contribution=contribution,
        work_bonus_a=part_a,
        work_bonus_b=part_b,
        work_bonus=work_bonus,
        taxable=taxable,
        withholding_before_fiscal_bonus=monthly_before,
        fiscal_work_bonus=fiscal_bonus,
        withholding_tax=withholding,
        special_social_contribution=special,
        net=net,
        employer_social_contribution=employer,
        employer_cost=gross + employer,
    )


def _contract_type(pack: RulePack, contract_type: str) -> dict[str, Any]:
    kinds = pack.value("contract_types")
    if contract_type not in kinds:
        raise RuleNotConfigured(
            f"contract type {contract_type!r} is not configured for entity {pack.entity} "
            f"(configured: {', '.join(sorted(kinds))})"
        )
    return dict(kinds[contract_type])


def payslip_for_job(
    amount_excl_vat: Decimal,
    expenses: Decimal,
    pack: RulePack,
    situation: TaxSituation,
    contract_type: str = "employee",
) -> JobPayslip:
    """Budget = amount − contribution − expenses; gross = budget ÷ multiplier; then the salary."""
    contribution = round_half_up(amount_excl_vat * pack.decimal("contribution_rate"))
    return _payslip_of(amount_excl_vat, contribution, expenses, pack, situation, contract_type)


def payslip_for_budget(
    budget: Decimal,
    pack: RulePack,
    situation: TaxSituation,
    contract_type: str,
    expenses: Decimal = Decimal("0.00"),
) -> JobPayslip:
    """A salary from an activity's budget: the contribution was taken as the revenue came in,
    so the whole amount is the budget (÷ multiplier → gross); ``expenses`` (expense notes) are
    reimbursed on top."""
    return _payslip_of(budget + expenses, Decimal("0.00"), expenses, pack, situation, contract_type)


def _payslip_of(
    amount_excl_vat: Decimal,
    contribution: Decimal,
    expenses: Decimal,
    pack: RulePack,
    situation: TaxSituation,
    contract_type: str,
) -> JobPayslip:
    budget = amount_excl_vat - contribution - expenses
    if budget <= 0:
        raise ValueError("the job leaves no budget for a salary")
    multiplier = pack.decimal(_contract_type(pack, contract_type)["multiplier"])
    salary = salary_from_gross(budget / multiplier, pack, situation, contract_type)
    return JobPayslip(
        amount_excl_vat=amount_excl_vat,
        contribution=contribution,
        expenses=expenses,
        budget=budget,
        multiplier=multiplier,
        salary=salary,
        net_paid=salary.net + expenses,
    )


def rules_used(pack: RulePack, contract_type: str) -> tuple[str, ...]:
    """The rules a payslip of this contract type reads (for its provenance)."""
    kind = _contract_type(pack, contract_type)
    used = [
        "contribution_rate",
        "contract_types",
        kind["multiplier"],
        kind["employee_rate"],
        *([kind["work_bonus"], "fiscal_work_bonus"] if "work_bonus" in kind else []),
        "withholding_tax",
        *(["special_social_contribution"] if kind["special_contribution"] else []),
        kind["employer_rate"],
    ]
    return tuple(used)
