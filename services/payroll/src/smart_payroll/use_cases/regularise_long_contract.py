"""Staff close a long contract once every month is paid and every month's actual revenue
recorded: what the activity brought beyond the salaries paid is paid as a last payslip; a
shortfall is left to a counsellor. Either way the contract is completed."""

from __future__ import annotations

from decimal import Decimal

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.problems import Conflict
from smart_common.rulepacks import RuleBook
from smart_payroll.domain.long_contracts import REGULARISATION, replanned_plan
from smart_payroll.domain.periods import month_bounds
from smart_payroll.queries import PayrollQueries
from smart_payroll.schemas import Regularisation
from smart_payroll.use_cases.long_contract_payroll import LongContractPayroll


class RegulariseLongContract(UseCase):
    raises = LongContractPayroll.raises

    def __init__(self, rules: RuleBook, payroll: LongContractPayroll, queries: PayrollQueries):
        self._rules = rules
        self._payroll = payroll
        self._queries = queries

    async def __call__(self, principal: Principal, contract_id: str) -> Regularisation:
        contract = await self._payroll.staff_contract(principal, contract_id)
        plan = contract["plan"]
        if len(plan["paid_budgets"]) < len(plan["months"]):
            raise Conflict(f"pay {plan['months'][len(plan['paid_budgets'])]} first")
        if len(plan["actuals"]) < len(plan["months"]):
            raise Conflict(f"record {plan['months'][len(plan['actuals'])]}'s revenue first")
        first, last = month_bounds(plan["months"][-1])
        pack = self._rules.pack(contract["entity"], last)
        final = replanned_plan(plan, pack.decimal("contribution_rate"))
        closing = {
            "status": "completed",
            "closing": {
                "to_regularise": f"{final.to_regularise:.2f}",
                "shortfall": f"{final.shortfall:.2f}",
                "by": principal.subject,
            },
        }
        if final.to_regularise <= 0:
            await self._payroll.change(
                {"_id": contract_id, "status": "generated"}, {"$set": closing}
            )
            return Regularisation(await self._queries.long_contract(principal, contract_id))
        revenue = sum((Decimal(amount) for amount in plan["actuals"]), Decimal("0"))
        payslip = await self._payroll.issue(
            contract,
            pack,
            month_key="regularisation",
            period=(first, last),
            revenue=revenue,
            revenue_is="actual",
            budget=final.to_regularise,
            trigger=REGULARISATION,
            update=(
                {"_id": contract_id, "status": "generated"},
                {"$set": closing | {"plan.regularised": str(final.to_regularise)}},
            ),
        )
        return Regularisation(payslip)
