"""Payroll methods: how a job's budget becomes a salary, named by the pack's
``withholding_method``.

- ``be_key_formula``: Belgium — social security at the rates of the Law of 29 June 1981 and
  the withholding tax by the key formula of the Royal Decree implementing the Income Tax Code
  1992 (annex III); a monthly salary can be smoothed over a long contract.
- ``openfisca_france``: France's general scheme, computed by OpenFisca-France (maintained with
  the French administration); no monthly smoothing yet.
"""

from __future__ import annotations

from typing import Any, Protocol

from smart_common.events.members import JobSnapshot
from smart_common.rulepacks import RuleNotConfigured, RulePack
from smart_payroll.domain.belgian_payslip import TaxSituation
from smart_payroll.domain.job_payslip import (
    BudgetSalary,
    JobPayslipFigures,
    belgian_budget_payslip,
    belgian_job_payslip,
    french_budget_payslip,
    french_job_payslip,
)
from smart_payroll.simulation import SimulationIn, belgian_simulation, french_simulation


class PayslipMethod(Protocol):
    monthly_smoothing: bool
    """Whether a monthly salary can be smoothed from a forecast (long contracts, plans)."""

    def job_payslip(
        self, job: JobSnapshot, pack: RulePack, situation: TaxSituation
    ) -> JobPayslipFigures: ...

    def budget_payslip(
        self, salary: BudgetSalary, pack: RulePack, situation: TaxSituation
    ) -> JobPayslipFigures: ...

    def simulate(self, pack: RulePack, request: SimulationIn, currency: str) -> dict[str, Any]: ...


class BelgianKeyFormula:
    monthly_smoothing = True

    def job_payslip(
        self, job: JobSnapshot, pack: RulePack, situation: TaxSituation
    ) -> JobPayslipFigures:
        return belgian_job_payslip(job, pack, situation)

    def budget_payslip(
        self, salary: BudgetSalary, pack: RulePack, situation: TaxSituation
    ) -> JobPayslipFigures:
        return belgian_budget_payslip(salary, pack, situation)

    def simulate(self, pack: RulePack, request: SimulationIn, currency: str) -> dict[str, Any]:
        return belgian_simulation(pack, request, currency)


class OpenFiscaFrance:
    monthly_smoothing = False

    def job_payslip(
        self, job: JobSnapshot, pack: RulePack, situation: TaxSituation
    ) -> JobPayslipFigures:
        return french_job_payslip(job, pack, situation)

    def budget_payslip(
        self, salary: BudgetSalary, pack: RulePack, situation: TaxSituation
    ) -> JobPayslipFigures:
        return french_budget_payslip(salary, pack)

    def simulate(self, pack: RulePack, request: SimulationIn, currency: str) -> dict[str, Any]:
        return french_simulation(pack, request, currency)


PAYSLIP_METHODS: dict[str, PayslipMethod] = {
    "be_key_formula": BelgianKeyFormula(),
    "openfisca_france": OpenFiscaFrance(),
}


def payslip_method(pack: RulePack) -> PayslipMethod:
    name = pack.value("withholding_method")
    try:
        return PAYSLIP_METHODS[name]
    except KeyError:
        raise RuleNotConfigured(
            f"entity {pack.entity} has no payslip computation yet (withholding method {name!r})"
        ) from None


def smoothing_method(pack: RulePack) -> PayslipMethod:
    """The entity's method, if it can smooth a monthly salary (long contracts, salary plans)."""
    method = payslip_method(pack)
    if not method.monthly_smoothing:
        raise RuleNotConfigured(
            f"entity {pack.entity}'s payroll method cannot smooth a monthly salary yet"
        )
    return method
