"""Staff pay a long contract's month: its share of the budget known now (actual revenue of the
months over, forecast of the others), as gross by the contract type's multiplier."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.persistence import UnitOfWork
from smart_common.problems import Conflict, Unprocessable
from smart_common.rulepacks import RuleBook
from smart_payroll.adapters.repositories import HIRING_DECLARATIONS
from smart_payroll.domain.long_contracts import MONTH, replanned_plan
from smart_payroll.domain.periods import month_bounds
from smart_payroll.schemas import MonthPayslipIn, Payslip
from smart_payroll.use_cases.long_contract_payroll import LongContractPayroll


class PayMonth(UseCase):
    raises = LongContractPayroll.raises

    def __init__(self, uow: UnitOfWork, rules: RuleBook, payroll: LongContractPayroll):
        self._uow = uow
        self._rules = rules
        self._payroll = payroll

    async def __call__(
        self, principal: Principal, contract_id: str, request: MonthPayslipIn
    ) -> Payslip:
        contract = await self._payroll.staff_contract(principal, contract_id)
        plan = contract["plan"]
        month = request.month
        if month not in plan["months"]:
            raise Unprocessable(f"month: {month} is outside the contract")
        index = plan["months"].index(month)
        paid = len(plan["paid_budgets"])  # the months are paid in order
        if index < paid:
            raise Conflict(f"{month} is paid")
        if index > paid:
            raise Conflict(f"pay {plan['months'][paid]} first")
        if len(plan["actuals"]) < index:
            raise Conflict(f"record {plan['months'][len(plan['actuals'])]}'s revenue first")
        if not await self._uow.find_one(
            HIRING_DECLARATIONS, {"contract_id": contract_id, "status": "accepted"}
        ):
            raise Conflict("the Dimona of the contract is not accepted yet")
        first, last = month_bounds(month)
        pack = self._rules.pack(contract["entity"], last)
        share = replanned_plan(plan, pack.decimal("contribution_rate")).months[index]
        if share.budget <= 0:
            raise Conflict(
                "the plan's budget is spent: the months paid exceed the activity's revenue "
                "(a counsellor reviews the contract)"
            )
        return await self._payroll.issue(
            contract,
            pack,
            month_key=month,
            period=(first, last),
            revenue=share.revenue,
            revenue_is="actual" if share.actual else "forecast",
            budget=share.budget,
            trigger=MONTH,
            update=(
                {"_id": contract_id, "plan.paid_budgets": plan["paid_budgets"]},
                {"$push": {"plan.paid_budgets": str(share.budget)}},
            ),
        )
