"""The client disputes an invoice (the work, the amount): staff record it and reminders pause
until the dispute is settled; who and why is kept."""

from __future__ import annotations

from smart_collections.adapters.repositories import RECEIVABLES
from smart_collections.schemas import DisputeIn, Receivable
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound
from smart_common.representation import public_document


class DisputeReceivable(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, receivable_id: str, body: DisputeIn | None
    ) -> Receivable:
        """``body`` opens a dispute; None settles it (reminders go on)."""

        async def change(tx: Transaction) -> Receivable:
            receivables = tx.collection(RECEIVABLES)
            found = await receivables.find_one({"_id": receivable_id, "entity": principal.entity})
            if found is None:
                raise NotFound("no such receivable in the entity")
            disputed = found.get("disputed_at") is not None
            if body is not None and disputed:
                raise Conflict("the receivable is disputed already")
            if body is None and not disputed:
                raise Conflict("the receivable is not disputed")
            changes = (
                {
                    "disputed_at": self._clock.now(),
                    "dispute_reason": body.reason,
                    "disputed_by": principal.subject,
                }
                if body is not None
                else {"disputed_at": None, "dispute_reason": None, "disputed_by": None}
            )
            await receivables.update_one(
                {"_id": receivable_id}, {"$set": changes, "$inc": {"version": 1}}
            )
            found |= changes
            found["version"] = found.get("version", 0) + 1
            return Receivable.model_validate(public_document(found, "receivable_id"))

        return await self._uow.run(change)
