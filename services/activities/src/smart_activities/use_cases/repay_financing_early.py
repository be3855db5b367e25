"""A member repays the rest of a financing early, from the activity's cash."""

from __future__ import annotations

from smart_activities.adapters.repositories import Financings
from smart_activities.financings import financing_view
from smart_activities.repayments import REPAYING, Repayments
from smart_activities.schemas import Financing
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable


class RepayFinancingEarly(UseCase):
    def __init__(self, uow: UnitOfWork, repayments: Repayments, clock: Clock):
        self._uow = uow
        self._repayments = repayments
        self._clock = clock

    async def __call__(self, principal: Principal, financing_id: str) -> Financing:
        async def repay(tx: Transaction) -> Financing:
            financings = Financings(tx)
            financing = await financings.get(financing_id)
            if financing is None or financing["member_id"] != principal.subject:
                raise NotFound("no such financing")
            if financing["status"] != REPAYING:
                raise Conflict(f"the financing is {financing['status']}: nothing to repay")
            short = await self._repayments.repay_all(tx, financing)
            if short > 0:
                raise Unprocessable(
                    f"the activity's cash is {short} {financing['currency']} short of what is "
                    "left to repay"
                )
            repaid = await financings.get(financing_id)
            if repaid is None:
                raise NotFound("no such financing")
            return financing_view(repaid, self._clock.today())

        return await self._uow.run(repay)
