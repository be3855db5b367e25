"""A salary from an activity's budget (the activities service's salary request): its contract
keeps the budget; once the worker is declared to social security its payslip pays that
budget through the entity's payroll method — the same payslip, payment order and periodic
declaration as a job's, without an invoice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from smart_common.persistence import Transaction
from smart_common.rulepacks import RuleBook, RulePack
from smart_payroll.adapters.repositories import PAYSLIPS
from smart_payroll.countries.payslips import payslip_method
from smart_payroll.domain.job_payslip import BudgetSalary, JobPayslipFigures
from smart_payroll.payslips import Occupation, PayslipIssuer, declared_situation
from smart_payroll.workers import WorkerFiles

BUDGET = "budget"
"""A contract's ``term`` when a salary request pays it from an activity's budget."""
SALARY_REQUEST = "salary_request"
"""What paid its payslip."""


def budget_salary(contract: dict[str, Any]) -> BudgetSalary:
    return BudgetSalary(
        budget=Decimal(contract["budget"]),
        contract_type=contract["contract_type"],
        end_date=date.fromisoformat(contract["end_date"]),
        worked_days=contract["worked_days"],
        expenses=Decimal(contract.get("expenses", "0.00")),
    )


def budget_payslip(
    contract: dict[str, Any], pack: RulePack, workers: WorkerFiles
) -> JobPayslipFigures:
    """Raises ValueError or RuleNotConfigured when the budget cannot pay a salary."""
    situation, _ = declared_situation(workers.opened_worker(contract["worker_snapshot"]))
    slip = payslip_method(pack).budget_payslip(budget_salary(contract), pack, situation)
    if Decimal(slip.figures["employer_cost"]) > Decimal(contract["budget"]):
        raise ValueError(
            f"the employer cost {slip.figures['employer_cost']} exceeds the budget "
            f"{contract['budget']}"
        )
    return slip


class BudgetSalaries:
    raises = PayslipIssuer.raises

    def __init__(self, rules: RuleBook, workers: WorkerFiles, payslips: PayslipIssuer):
        self._rules = rules
        self._workers = workers
        self._payslips = payslips

    def pack_of(self, contract: dict[str, Any]) -> RulePack:
        return self._rules.pack(contract["entity"], date.fromisoformat(contract["end_date"]))

    async def pay(
        self, tx: Transaction, contract: dict[str, Any], on: date, correlation_id: str
    ) -> None:
        """The payslip, once (a redelivered acceptance, a corrected declaration pay nothing
        more)."""
        if contract["status"] != "generated":
            return
        if await tx.collection(PAYSLIPS).find_one(
            {"contract_id": contract["_id"]}, projection={"_id": 1}
        ):
            return
        pack = self.pack_of(contract)
        worker = self._workers.opened_worker(contract["worker_snapshot"])
        await self._payslips.issue(
            tx,
            contract_id=contract["_id"],
            occupation=Occupation(
                job_id=contract["job_id"],
                member_id=contract["member_id"],
                entity=contract["entity"],
                contract_type=contract["contract_type"],
                worker=worker,
                start_date=date.fromisoformat(contract["start_date"]),
                end_date=date.fromisoformat(contract["end_date"]),
                days=contract["worked_days"],
                occupation_code=contract["occupation_code"],
                currency=contract["currency"],
            ),
            slip=budget_payslip(contract, pack, self._workers),
            pack=pack,
            trigger=SALARY_REQUEST,
            paid_on=on,
            correlation_id=correlation_id,
            extra={"activity_id": contract["activity_id"]},
        )
