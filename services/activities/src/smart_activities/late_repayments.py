"""The daily look at late instalments: each financing instalment whose month ended unpaid is
put once in the counsellor's review queue (a control afterwards: the counsellor follows it up
with the member), and the balance shows it due until the revenue pays it."""

from __future__ import annotations

from decimal import Decimal

from smart_activities.adapters.repositories import ACTIVITIES, FINANCINGS, REVIEWS
from smart_activities.domain.financing import late
from smart_activities.domain.reviews import Timing
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
                    activity = await tx.collection(ACTIVITIES).find_one(
                        {"_id": financing["activity_id"]}
                    )
                    return await tx.collection(REVIEWS).insert_if_absent(
                        {
                            "_id": review_id,
                            "entity": financing["entity"],
                            "activity_id": financing["activity_id"],
                            "member_id": financing["member_id"],
                            "counsellor_id": (activity or {}).get("counsellor_id"),
                            "operation": {"kind": "financing_instalment", "id": financing["_id"]},
                            "timing": Timing.AFTER.value,
                            "reasons": [
                                f"instalment {instalment.number} of {instalment.amount} "
                                f"{financing['currency']} was due on {instalment.due} and is unpaid"
                            ],
                            "amount": str(instalment.amount),
                            "currency": financing["currency"],
                            "status": "open",
                            "decision": None,
                            "comment": None,
                            "decided_by": None,
                            "decided_at": None,
                            "created_at": self._clock.now(),
                        }
                    )

                queued += bool(await self._uow.run(queue))
        return queued
