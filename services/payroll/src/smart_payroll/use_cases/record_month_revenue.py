"""Staff record the actual revenue of a long contract's month that is over: months are
recorded in order, and a month already recorded keeps its figure (the salaries paid were
computed with it)."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.problems import Conflict, Unprocessable
from smart_payroll.queries import PayrollQueries
from smart_payroll.schemas import LongContract, MonthRevenueIn
from smart_payroll.use_cases.long_contract_payroll import LongContractPayroll


class RecordMonthRevenue(UseCase):
    def __init__(self, payroll: LongContractPayroll, queries: PayrollQueries):
        self._payroll = payroll
        self._queries = queries

    async def __call__(
        self, principal: Principal, contract_id: str, month: str, revenue: MonthRevenueIn
    ) -> LongContract:
        contract = await self._payroll.staff_contract(principal, contract_id)
        plan = contract["plan"]
        if month not in plan["months"]:
            raise Unprocessable(f"month: {month} is outside the contract ({plan['months'][0]} …)")
        index = plan["months"].index(month)
        recorded = len(plan["actuals"])
        if index < recorded:
            if plan["actuals"][index] == str(revenue.amount):
                return await self._queries.long_contract(principal, contract_id)
            raise Conflict(f"{month}'s revenue is recorded ({plan['actuals'][index]})")
        if index > recorded:
            raise Conflict(f"record {plan['months'][recorded]}'s revenue first")
        await self._payroll.change(
            {"_id": contract_id, "plan.actuals": plan["actuals"]},
            {"$push": {"plan.actuals": str(revenue.amount)}},
        )
        return await self._queries.long_contract(principal, contract_id)
