"""Staff end a long contract with an earlier month than planned: the plan keeps the months up
to it, and the Dimona period's end date is updated (dimonaUpdate)."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Unprocessable
from smart_payroll.adapters.dimona import dimona_update_body
from smart_payroll.adapters.repositories import HIRING_DECLARATIONS, Contracts, HiringDeclarations
from smart_payroll.domain.hiring_declarations import UPDATE, new_declaration
from smart_payroll.domain.periods import month_bounds
from smart_payroll.queries import PayrollQueries
from smart_payroll.schemas import EarlyEndIn, LongContract
from smart_payroll.use_cases.long_contract_payroll import LongContractPayroll


class EndLongContractEarly(UseCase):
    def __init__(
        self,
        uow: UnitOfWork,
        payroll: LongContractPayroll,
        queries: PayrollQueries,
        clock: Clock,
    ):
        self._uow = uow
        self._payroll = payroll
        self._queries = queries
        self._clock = clock

    async def __call__(
        self, principal: Principal, contract_id: str, request: EarlyEndIn
    ) -> LongContract:
        contract = await self._payroll.staff_contract(principal, contract_id)
        plan = contract["plan"]
        months = plan["months"]
        if request.last_month not in months[:-1]:
            raise Unprocessable(
                f"last_month: one of {', '.join(months[:-1])} (before the planned end)"
            )
        kept = months.index(request.last_month) + 1
        if len(plan["paid_budgets"]) > kept:
            raise Conflict(f"{months[len(plan['paid_budgets']) - 1]} is already paid")
        dimona = await self._uow.find_one(
            HIRING_DECLARATIONS,
            {"contract_id": contract_id, "kind": "dimona", "status": "accepted"},
        )
        if dimona is None:
            raise Conflict("the Dimona of the contract is not accepted yet")
        end = month_bounds(request.last_month)[1]

        async def shorten(tx: Transaction) -> None:
            if not await Contracts(tx).change(
                {"_id": contract_id, "plan.months": months},
                {
                    "$set": {
                        "end_date": end.isoformat(),
                        "plan.months": months[:kept],
                        "plan.forecast": plan["forecast"][:kept],
                        "plan.actuals": plan["actuals"][:kept],
                        "ended_early": {"reason": request.reason, "by": principal.subject},
                    }
                },
            ):
                raise Conflict("the contract changed meanwhile")
            now = self._clock.now()
            await HiringDeclarations(tx).add(
                new_declaration(
                    UPDATE,
                    about={**dimona, "traceparent": None},
                    body=dimona_update_body(
                        period_id=dimona["period_id"], end_date=end.isoformat()
                    ),
                    now=now,
                    submit_after=now,
                    updates=dimona["_id"],
                )
            )

        await self._uow.run(shorten)
        return await self._queries.long_contract(principal, contract_id)
