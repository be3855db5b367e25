"""What the staff operations on a long contract share: the contract they may run, and a month's
(or the regularisation's) payslip with its payment order and DmfA line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.money import round_half_up
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, Forbidden, Unprocessable
from smart_common.rulepacks import RulePack
from smart_payroll.adapters.repositories import CONTRACTS, PAYMENT_ORDERS, PAYSLIPS, Contracts
from smart_payroll.domain.belgian_payslip import rules_used, salary_from_gross
from smart_payroll.domain.job_payslip import JobPayslipFigures
from smart_payroll.domain.long_contracts import LONG, MONTH, working_days
from smart_payroll.payslips import Occupation, PayslipIssuer, declared_situation
from smart_payroll.schemas import Payslip
from smart_payroll.workers import WorkerFiles

ZERO = Decimal("0")


class LongContractPayroll:
    raises = PayslipIssuer.raises

    def __init__(
        self,
        uow: UnitOfWork,
        workers: WorkerFiles,
        cipher: PersonalDataCipher,
        payslips: PayslipIssuer,
    ):
        self._uow = uow
        self._workers = workers
        self._cipher = cipher
        self._payslips = payslips

    async def staff_contract(self, principal: Principal, contract_id: str) -> dict[str, Any]:
        """The long contract a counsellor or an administrator runs, while it runs."""
        if not principal.is_staff:
            raise Forbidden("a counsellor or an administrator runs long contracts' months")
        contract = await find_visible(
            self._uow, CONTRACTS, {"_id": contract_id}, principal, "contract"
        )
        if contract.get("term") != LONG:
            raise Unprocessable("not a long contract")
        if contract["status"] != "generated":
            raise Conflict(f"the long contract is {contract['status']}")
        return contract

    async def change(self, expected: dict[str, Any], update: dict[str, Any]) -> None:
        """Change the contract unless it changed since it was read (``expected``)."""

        async def apply(tx: Transaction) -> None:
            if not await Contracts(tx).change(expected, update):
                raise Conflict("the contract changed meanwhile")

        await self._uow.run(apply)

    async def issue(
        self,
        contract: dict[str, Any],
        pack: RulePack,
        *,
        month_key: str,
        period: tuple[date, date],
        revenue: Decimal,
        revenue_is: str,
        budget: Decimal,
        trigger: str,
        update: tuple[dict[str, Any], dict[str, Any]],
    ) -> Payslip:
        """A payslip paying ``budget`` (÷ the contract type's multiplier → gross), with its
        payment order and DmfA line, and the contract's change, in one transaction."""
        worker = self._workers.opened_worker(contract["worker_snapshot"])
        situation, _ = declared_situation(worker)
        kind = pack.value("contract_types")[contract["contract_type"]]
        multiplier = pack.decimal(kind["multiplier"])
        salary = salary_from_gross(budget / multiplier, pack, situation, contract["contract_type"])
        expenses = Decimal(contract["plan"]["monthly_expenses"]) if trigger == MONTH else ZERO
        figures = {
            "month": month_key,
            "revenue": str(revenue),
            "revenue_is": revenue_is,
            "contribution": str(round_half_up(revenue * pack.decimal("contribution_rate"))),
            "expenses_reimbursed": str(expenses),
            "budget": str(budget),
            "multiplier": str(multiplier),
            **salary.as_strings(),
            "net_paid": str(salary.net + expenses),
        }
        slip = JobPayslipFigures(
            figures,
            salary.gross,
            salary.net,
            expenses,
            salary.net + expenses,
            rules_used(pack, contract["contract_type"]),
        )
        first, last = period
        occupation = Occupation(
            job_id=contract["job_id"],
            member_id=contract["member_id"],
            entity=contract["entity"],
            contract_type=contract["contract_type"],
            worker=worker,
            start_date=first,
            end_date=last,
            days=working_days(first, last),
            occupation_code=contract["occupation_code"],
            currency=contract["plan"]["currency"],
        )

        async def pay(tx: Transaction) -> str:
            if not await Contracts(tx).change(*update):
                raise Conflict("the contract changed meanwhile")
            return await self._payslips.issue(
                tx,
                contract_id=contract["_id"],
                occupation=occupation,
                slip=slip,
                pack=pack,
                trigger=trigger,
                paid_on=last,
                correlation_id=contract["job_id"],
                extra={"month": month_key},
            )

        payslip_id = await self._uow.run(pay)
        stored = await self._uow.find_one(PAYSLIPS, {"_id": payslip_id})
        order = await self._uow.find_one(PAYMENT_ORDERS, {"payslip_id": payslip_id})
        assert stored is not None
        return Payslip.of(stored, order, self._cipher)
