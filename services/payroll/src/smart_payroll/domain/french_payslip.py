"""French payslip of the general scheme (CDD, CDI), computed by OpenFisca-France: the rules as
code the administration maintains, each parameter dated and referenced there. Pure: no I/O.

Every figure is OpenFisca's, rounded half-up to the cent; the employee contributions are the
gross less the net, so the payslip adds up to the cent. The income tax withheld at source
(prélèvement à la source) uses the worker's personal rate from the tax administration: not
computed here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from smart_common.money import round_half_up
from smart_common.rulepacks import RuleNotConfigured, RulePack

ZERO = Decimal("0")
FULL_TIME_MONTHLY_HOURS = Decimal("151.67")
"""35 hours a week (Code du travail L3121-27) × 52 ÷ 12."""
OUTPUTS = (
    "salaire_de_base",
    "indemnite_fin_contrat",
    "salaire_net",
    "salaire_imposable",
    "cotisations_salariales",
    "csg_deductible_salaire",
    "csg_imposable_salaire",
    "crds_salaire",
    "cotisations_employeur",
    "allegement_general",
    "conge_individuel_formation_cdd",
    "cout_du_travail",
)


@dataclass(frozen=True, slots=True)
class FrenchSalaryFigures:
    gross: Decimal
    end_of_contract_bonus: Decimal
    employee_social_contribution: Decimal
    csg_crds: Decimal
    taxable: Decimal
    net: Decimal
    employer_social_contribution: Decimal
    general_reduction: Decimal
    cdd_levy: Decimal
    employer_cost: Decimal
    specific_employee_contribution: Decimal = ZERO
    specific_employer_contribution: Decimal = ZERO

    def as_strings(self) -> dict[str, str]:
        return {name: str(value) for name, value in asdict(self).items()}


@cache
def _tax_benefit_system() -> Any:
    from openfisca_france import FranceTaxBenefitSystem

    return FranceTaxBenefitSystem()


def openfisca_batch(
    workers: list[tuple[Decimal, str, bool]],
    month: date,
    profile: dict[str, Any],
    hours: list[Decimal | None] | None = None,
) -> list[dict[str, float]]:
    """OpenFisca-France's own figures (unrounded) for many workers in one month, computed in
    one vectorised simulation: each worker is (gross, contract, end-of-contract bonus due).

    ``hours``: the hours each worker is paid for in the month; below a full month the contract
    is part-time and the minimum wage the general reduction compares with is prorated (a short
    job is not a month of minimum wage). None: a full-time month, OpenFisca's default."""
    from openfisca_core.simulation_builder import SimulationBuilder

    period = f"{month.year}-{month.month:02d}"
    paid_hours = hours or [None] * len(workers)
    individuals = {
        f"w{index}": {
            "salaire_de_base": {period: float(gross)},
            "contrat_de_travail_type": {period: contract},
            "indemnite_fin_contrat_due": {period: bonus},
            "effectif_entreprise": {period: profile["workforce"]},
            "categorie_salarie": {period: profile["employee_category"]},
            **_working_time(paid_hours[index], period),
        }
        for index, (gross, contract, bonus) in enumerate(workers)
    }
    situation = {
        "individus": individuals,
        "familles": {f"f{name}": {"parents": [name]} for name in individuals},
        "foyers_fiscaux": {f"t{name}": {"declarants": [name]} for name in individuals},
        "menages": {f"m{name}": {"personne_de_reference": [name]} for name in individuals},
    }
    simulation = SimulationBuilder().build_from_entities(_tax_benefit_system(), situation)
    columns = {name: simulation.calculate(name, period) for name in OUTPUTS}
    return [
        {name: float(values[index]) for name, values in columns.items()}
        for index in range(len(workers))
    ]


def _working_time(hours: Decimal | None, period: str) -> dict[str, Any]:
    if hours is None or hours >= FULL_TIME_MONTHLY_HOURS:
        return {}
    return {
        "contrat_de_travail": {period: "temps_partiel"},
        "heures_remunerees_volume": {period: float(hours)},
    }


def openfisca_outputs(
    gross: Decimal, month: date, contract: str, bonus: bool, profile: dict[str, Any]
) -> dict[str, float]:
    """OpenFisca-France's own figures for one worker and one month (unrounded)."""
    return openfisca_batch([(gross, contract, bonus)], month, profile)[0]


def _cents(value: float) -> Decimal:
    return round_half_up(Decimal(repr(value)))


def _openfisca_contract(pack: RulePack, contract_type: str, bonus: bool) -> str:
    kinds = pack.value("contract_types")
    kind = kinds.get(contract_type)
    if kind is None:
        raise RuleNotConfigured(
            f"contract type {contract_type!r} is not configured for entity {pack.entity} "
            f"(configured: {', '.join(sorted(kinds))})"
        )
    if bonus and not kind["end_of_contract_bonus"]:
        raise ValueError(f"end_of_contract_bonus: not due on a {contract_type} contract")
    return str(kind["openfisca"])


def french_rules_used(pack: RulePack, contract_type: str) -> tuple[str, ...]:
    """The rules a French salary of this contract type reads (for its provenance)."""
    kind = pack.value("contract_types").get(contract_type, {})
    specific = kind.get("specific_contributions")
    return (
        "withholding_method",
        "contract_types",
        "employer_profile",
        *((specific,) if specific else ()),
    )


def specific_rates(pack: RulePack, contract_type: str) -> tuple[Decimal, Decimal]:
    """(employee, employer) rates a contract type adds to the general scheme (CDDU), from the
    rule its `specific_contributions` names; refused while the entity has not set them."""
    name = pack.value("contract_types")[contract_type].get("specific_contributions")
    if not name:
        return ZERO, ZERO
    unset = pack.unset_parameters(name)
    if unset:
        raise RuleNotConfigured(
            f"{contract_type} contracts need {name} for entity {pack.entity}: "
            f"{', '.join(unset)} not set"
        )
    rates = {key: Decimal(str(value)) for key, value in pack.value(name).items()}
    employee = rates.get("unemployment_employee", ZERO)
    return employee, sum(rates.values(), ZERO) - employee


def _with_specific(
    figures: FrenchSalaryFigures, employee_rate: Decimal, employer_rate: Decimal
) -> FrenchSalaryFigures:
    """The contract type's own contributions on the gross, over the general scheme: the
    employee's lower the taxable pay and the net, the employer's raise the employer cost."""
    if not employee_rate and not employer_rate:
        return figures
    base = figures.gross + figures.end_of_contract_bonus
    employee = round_half_up(base * employee_rate)
    employer = round_half_up(base * employer_rate)
    return replace(
        figures,
        employee_social_contribution=figures.employee_social_contribution + employee,
        taxable=figures.taxable - employee,
        net=figures.net - employee,
        employer_social_contribution=figures.employer_social_contribution + employer,
        employer_cost=figures.employer_cost + employer,
        specific_employee_contribution=employee,
        specific_employer_contribution=employer,
    )


def french_salary(
    gross: Decimal, month: date, pack: RulePack, contract_type: str, end_of_contract_bonus: bool
) -> FrenchSalaryFigures:
    return french_salaries([(gross, contract_type, end_of_contract_bonus)], month, pack)[0]


def french_salaries(
    workers: list[tuple[Decimal, str, bool]],
    month: date,
    pack: RulePack,
    hours: list[Decimal | None] | None = None,
) -> list[FrenchSalaryFigures]:
    """Many payslips of one month at once (one vectorised OpenFisca simulation)."""
    batch = [
        (round_half_up(gross), _openfisca_contract(pack, contract_type, bonus), bonus)
        for gross, contract_type, bonus in workers
    ]
    profile = pack.value("employer_profile")
    rates = [specific_rates(pack, contract_type) for _, contract_type, _ in workers]
    return [
        _with_specific(_figures(outputs), *rate)
        for outputs, rate in zip(openfisca_batch(batch, month, profile, hours), rates, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class FrenchJobPayslip:
    """A job's French payslip: the budget pays the whole employer cost."""

    amount_excl_vat: Decimal
    contribution: Decimal
    expenses: Decimal
    budget: Decimal
    hours: Decimal | None
    salary: FrenchSalaryFigures
    net_paid: Decimal

    def as_dict(self) -> dict[str, str]:
        return {
            "amount_excl_vat": str(self.amount_excl_vat),
            "contribution": str(self.contribution),
            "expenses_reimbursed": str(self.expenses),
            "budget": str(self.budget),
            **({"hours": str(self.hours)} if self.hours is not None else {}),
            **self.salary.as_strings(),
            "net_paid": str(self.net_paid),
        }


def french_payslip_for_job(
    amount_excl_vat: Decimal,
    expenses: Decimal,
    pack: RulePack,
    contract_type: str,
    month: date,
    hours: Decimal | None,
    end_of_contract_bonus: bool,
) -> FrenchJobPayslip:
    """Budget = amount − contribution − expenses; the gross is the highest (to the cent) whose
    employer cost — gross, end-of-contract bonus, employer contributions and CDD levy, less the
    general reduction, all by OpenFisca-France — stays within the budget."""
    contribution = round_half_up(amount_excl_vat * pack.decimal("contribution_rate"))
    return _french_payslip_of(
        amount_excl_vat,
        contribution,
        expenses,
        pack,
        contract_type,
        month,
        hours,
        end_of_contract_bonus,
    )


def french_payslip_for_budget(
    budget: Decimal,
    pack: RulePack,
    contract_type: str,
    month: date,
    hours: Decimal | None,
    end_of_contract_bonus: bool,
    expenses: Decimal = Decimal("0.00"),
) -> FrenchJobPayslip:
    """A salary from an activity's budget: the contribution was taken as the revenue came in;
    the gross is the highest whose whole employer cost the budget covers; ``expenses``
    (expense notes) are reimbursed on top."""
    return _french_payslip_of(
        budget + expenses,
        Decimal("0.00"),
        expenses,
        pack,
        contract_type,
        month,
        hours,
        end_of_contract_bonus,
    )


def _french_payslip_of(
    amount_excl_vat: Decimal,
    contribution: Decimal,
    expenses: Decimal,
    pack: RulePack,
    contract_type: str,
    month: date,
    hours: Decimal | None,
    end_of_contract_bonus: bool,
) -> FrenchJobPayslip:
    budget = amount_excl_vat - contribution - expenses
    if budget <= 0:
        raise ValueError("the job leaves no budget for a salary")
    gross = gross_within_employer_cost(
        budget, month, pack, contract_type, end_of_contract_bonus, hours
    )
    salary = french_salaries([(gross, contract_type, end_of_contract_bonus)], month, pack, [hours])[
        0
    ]
    return FrenchJobPayslip(
        amount_excl_vat=amount_excl_vat,
        contribution=contribution,
        expenses=expenses,
        budget=budget,
        hours=hours,
        salary=salary,
        net_paid=salary.net + expenses,
    )


def gross_within_employer_cost(
    budget: Decimal,
    month: date,
    pack: RulePack,
    contract_type: str,
    end_of_contract_bonus: bool,
    hours: Decimal | None = None,
    probes: int = 64,
) -> Decimal:
    """The highest gross, in cents, whose employer cost is at most ``budget``.

    The employer cost never falls when the gross rises, and is never below the gross; each
    round prices ``probes`` grosses in one vectorised simulation and keeps the interval where
    the cost crosses the budget, until it is one cent wide (about four rounds for any budget).
    """
    contract = _openfisca_contract(pack, contract_type, end_of_contract_bonus)
    _, employer_rate = specific_rates(pack, contract_type)
    profile = pack.value("employer_profile")
    below, above = 0, int(round_half_up(budget) * 100) + 1  # cost(below) ≤ budget < cost(above)
    while above - below > 1:
        step = max(1, (above - below) // (probes + 1))
        cents = list(range(below + step, above, step))[:probes]
        grosses = [Decimal(cent) / 100 for cent in cents]
        outputs = openfisca_batch(
            [(gross, contract, end_of_contract_bonus) for gross in grosses],
            month,
            profile,
            [hours] * len(grosses),
        )
        for cent, result in zip(cents, outputs, strict=True):
            gross = Decimal(cent) / 100
            bonus = _cents(result["indemnite_fin_contrat"])
            specific = round_half_up((gross + bonus) * employer_rate)
            if _cents(result["cout_du_travail"]) + specific <= budget:
                below = cent
            else:
                above = cent
                break
    if below == 0:
        raise ValueError("the job's budget does not cover the employer cost of any salary")
    return Decimal(below) / 100


def _figures(outputs: dict[str, float]) -> FrenchSalaryFigures:
    gross_pay = _cents(outputs["salaire_de_base"])
    bonus = _cents(outputs["indemnite_fin_contrat"])
    net = _cents(outputs["salaire_net"])
    csg_crds = -_cents(
        outputs["csg_deductible_salaire"]
        + outputs["csg_imposable_salaire"]
        + outputs["crds_salaire"]
    )
    return FrenchSalaryFigures(
        gross=gross_pay,
        end_of_contract_bonus=bonus,
        employee_social_contribution=gross_pay + bonus - net,
        csg_crds=csg_crds,
        taxable=_cents(outputs["salaire_imposable"]),
        net=net,
        employer_social_contribution=-_cents(outputs["cotisations_employeur"]),
        general_reduction=_cents(outputs["allegement_general"]),
        cdd_levy=-_cents(outputs["conge_individuel_formation_cdd"]),
        employer_cost=_cents(outputs["cout_du_travail"]),
    )
