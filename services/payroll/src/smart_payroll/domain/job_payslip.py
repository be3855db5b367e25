"""A job's payslip by each payroll method (pure): Belgium's key formula, or France's general
scheme by OpenFisca-France. Both start from the job's budget (amount − contribution −
expenses); what differs is how the budget becomes a gross."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smart_common.events.members import JobSnapshot
from smart_common.rulepacks import RuleNotConfigured, RulePack
from smart_payroll.domain.belgian_payslip import (
    TaxSituation,
    payslip_for_budget,
    payslip_for_job,
    rules_used,
)
from smart_payroll.domain.french_payslip import (
    french_payslip_for_budget,
    french_payslip_for_job,
    french_rules_used,
)


@dataclass(frozen=True, slots=True)
class JobPayslipFigures:
    figures: dict[str, str]
    gross: Decimal
    net: Decimal
    expenses: Decimal
    net_paid: Decimal
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BudgetSalary:
    """A salary from an activity's budget: the whole ``budget`` pays it (no invoice)."""

    budget: Decimal
    contract_type: str
    end_date: date
    worked_days: int
    expenses: Decimal = Decimal("0.00")
    """Expense notes reimbursed on top (not taxed)."""


def paid_hours(job: JobSnapshot, pack: RulePack) -> Decimal:
    """The hours the job pays: its planned hours, else its days at the entity's daily hours."""
    if job.planned_hours:
        return Decimal(job.planned_hours)
    return job.worked_days * pack.decimal("working_hours_per_day")


def belgian_job_payslip(
    job: JobSnapshot, pack: RulePack, situation: TaxSituation
) -> JobPayslipFigures:
    """Belgium: the gross the budget pays by the contract type's multiplier (the key formula)."""
    contract_type = job.contract_type.value
    slip = payslip_for_job(job.amount_excl_vat, job.expenses, pack, situation, contract_type)
    return JobPayslipFigures(
        slip.as_dict(),
        slip.salary.gross,
        slip.salary.net,
        slip.expenses,
        slip.net_paid,
        rules_used(pack, contract_type),
    )


def french_job_payslip(
    job: JobSnapshot, pack: RulePack, situation: TaxSituation
) -> JobPayslipFigures:
    """France: the highest gross whose employer cost the budget covers (OpenFisca-France)."""
    contract_type = job.contract_type.value
    kind = pack.value("contract_types").get(contract_type)
    if kind is None:
        raise RuleNotConfigured(f"contract type {contract_type!r} is not configured")
    french = french_payslip_for_job(
        job.amount_excl_vat,
        job.expenses,
        pack,
        contract_type,
        job.end_date.replace(day=1),
        paid_hours(job, pack),
        end_of_contract_bonus=bool(kind["end_of_contract_bonus"]),
    )
    return JobPayslipFigures(
        french.as_dict(),
        french.salary.gross,
        french.salary.net,
        french.expenses,
        french.net_paid,
        ("contribution_rate", "working_hours_per_day", *french_rules_used(pack, contract_type)),
    )


def belgian_budget_payslip(
    salary: BudgetSalary, pack: RulePack, situation: TaxSituation
) -> JobPayslipFigures:
    slip = payslip_for_budget(salary.budget, pack, situation, salary.contract_type, salary.expenses)
    return JobPayslipFigures(
        slip.as_dict(),
        slip.salary.gross,
        slip.salary.net,
        slip.expenses,
        slip.net_paid,
        rules_used(pack, salary.contract_type),
    )


def french_budget_payslip(salary: BudgetSalary, pack: RulePack) -> JobPayslipFigures:
    kind = pack.value("contract_types").get(salary.contract_type)
    if kind is None:
        raise RuleNotConfigured(f"contract type {salary.contract_type!r} is not configured")
    french = french_payslip_for_budget(
        salary.budget,
        pack,
        salary.contract_type,
        salary.end_date.replace(day=1),
        salary.worked_days * pack.decimal("working_hours_per_day"),
        end_of_contract_bonus=bool(kind["end_of_contract_bonus"]),
        expenses=salary.expenses,
    )
    return JobPayslipFigures(
        french.as_dict(),
        french.salary.gross,
        french.salary.net,
        french.expenses,
        french.net_paid,
        ("working_hours_per_day", *french_rules_used(pack, salary.contract_type)),
    )
