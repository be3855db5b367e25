"""An administrator decides on a proposed write-off — never the one who proposed it (four
eyes). Approved, the fund's advance on the receivable becomes a loss (a value reduction),
reversed if the client pays after all; rejected, reminders and cases go on."""

from __future__ import annotations

from smart_collections.adapters.repositories import WRITE_OFFS, Receivables
from smart_collections.domain.receivable import CannotWriteOff
from smart_collections.schemas import WriteOff, WriteOffDecision
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.collections import ReceivableWrittenOff
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, NotFound
from smart_common.representation import public_document


class DecideWriteOff(UseCase):
    raises = (ReceivableWrittenOff,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, write_off_id: str, body: WriteOffDecision
    ) -> WriteOff:
        async def decide(tx: Transaction) -> WriteOff:
            write_offs = tx.collection(WRITE_OFFS)
            proposal = await write_offs.find_one({"_id": write_off_id, "entity": principal.entity})
            if proposal is None:
                raise NotFound("no such write-off proposal in the entity")
            if proposal["proposed_by"] == principal.subject:
                raise Forbidden("four eyes: another administrator decides on your proposal")
            if proposal["status"] != "proposed":
                raise Conflict(f"the proposal is {proposal['status']} already")
            now = self._clock.now()
            changes = {
                "status": "approved" if body.decision == "approve" else "rejected",
                "decided_by": principal.subject,
                "decided_at": now,
                "comment": body.comment,
            }
            if body.decision == "approve":
                receivables = Receivables(tx)
                receivable = await receivables.get(proposal["receivable_id"])
                if receivable is None:
                    raise NotFound("the proposal's receivable is gone")
                try:
                    changes["amount"] = str(
                        receivable.write_off(
                            write_off_id, proposal["proposed_by"], principal.subject, now
                        )
                    )
                except CannotWriteOff as error:
                    raise Conflict(str(error)) from None
                await receivables.save(receivable)
            await write_offs.update_one({"_id": write_off_id}, {"$set": changes})
            return WriteOff.model_validate(public_document(proposal | changes, "write_off_id"))

        return await self._uow.run(decide)
