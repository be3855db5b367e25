"""The daily look at late instalments: each financing instalment whose month ended unpaid is
put once in the counsellor's review queue (a control afterwards: the counsellor follows it up
with the member), and the balance shows it due until the revenue pays it."""

from __future__ import annotations

from decimal import Decimal

from smart_activities.adapters.repositories import FINANCINGS, Activities, Reviews
from smart_activities.domain.financing import late
from smart_activities.domain.reviews import Timing
from smart_activities.notes import review_document
from smart_activities.repayments import REPAYING, instalments_of
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork


class LateRepayments:
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def run(self) -> int:
        """Puts each late instalment not yet queued in the queue; returns how many it put."""
        today = self._clock.today()
        repaying = await self._uow.find(FINANCINGS, {"status": REPAYING})
        queued = 0
        for financing in repaying:
            for instalment in late(instalments_of(financing), Decimal(financing["repaid"]), today):
                review_id = f"late:{financing['_id']}:{instalment.number}"

                async def queue(
                    tx: Transaction, financing=financing, instalment=instalment, review_id=review_id
                ) -> bool:
                    activity = await Activities(tx).get(financing["activity_id"])
                    if activity is None:
                        return False
                    return await Reviews(tx).add_once(
                        review_document(
                            activity=activity,
                            operation={"kind": "financing_instalment", "id": financing["_id"]},
                            timing=Timing.AFTER,
                            reasons=[
                                f"instalment {instalment.number} of {instalment.amount} "
                                f"{financing['currency']} was due on {instalment.due} and is unpaid"
                            ],
                            amount=instalment.amount,
                            now=self._clock.now(),
                            review_id=review_id,
                        )
                    )

                queued += bool(await self._uow.run(queue))
        return queued
