"""A financing is repaid from the activity's revenue as it comes in: after each payment
received, the instalments whose month has started are taken from the cash (as much as it
holds); the member may repay the rest early. Each repayment is a ledger movement and moves the
financing's ``repaid`` in the same transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smart_activities.adapters.repositories import Financings, MonthTotals, Movements
from smart_activities.domain import ledger
from smart_activities.domain.financing import (
    Instalment,
    collectable,
    outstanding,
    split,
)
from smart_common.clock import Clock
from smart_common.persistence import Document, Transaction

REPAYING, REPAID = "repaying", "repaid"


def instalments_of(financing: Document) -> list[Instalment]:
    return [
        Instalment(
            item["number"],
            date.fromisoformat(item["starts"]),
            date.fromisoformat(item["due"]),
            Decimal(item["principal"]),
            Decimal(item["interest"]),
        )
        for item in financing["instalments"]
    ]


def due_now(financing: Document, on: date) -> Decimal:
    return collectable(instalments_of(financing), Decimal(financing["repaid"]), on)


class Repayments:
    def __init__(self, clock: Clock):
        self._clock = clock

    async def collect(self, tx: Transaction, activity_id: str, source_id: str) -> None:
        """Takes what the activity's financings have due now from its cash."""
        today = self._clock.today()
        for financing in await Financings(tx).repaying(activity_id):
            await self._repay(tx, financing, due_now(financing, today), source_id)

    async def repay_all(self, tx: Transaction, financing: Document) -> Decimal:
        """Repays the rest of one financing; returns what the cash could not cover."""
        rest = outstanding(instalments_of(financing), Decimal(financing["repaid"]))
        taken = await self._repay(tx, financing, rest, f"early:{self._clock.now().isoformat()}")
        return rest - taken

    async def _repay(
        self, tx: Transaction, financing: Document, wanted: Decimal, source_id: str
    ) -> Decimal:
        cash = ledger.amount_of(await MonthTotals(tx).cash(financing["activity_id"]))
        amount = min(wanted, cash)
        if amount <= 0:
            return Decimal("0")
        schedule, repaid = instalments_of(financing), Decimal(financing["repaid"])
        part = split(schedule, repaid, amount)
        movement = ledger.financing_repaid(
            self._clock.today(),
            f"financing {financing['_id'][:8]}: repayment",
            part.principal,
            part.interest,
        )
        source = {"event_type": "repayment", "event_id": source_id, "subject": financing["_id"]}
        movement_id = f"{source_id}:repayment:{financing['_id']}"
        if not await Movements(tx).post(
            movement_id, financing, movement, source, self._clock.now()
        ):
            return Decimal("0")  # this source repaid it already
        after = {**financing, "repaid": str(repaid + amount)}
        if outstanding(schedule, repaid + amount) <= 0:
            after["status"] = REPAID
        await Financings(tx).save(after, REPAYING)
        return amount
