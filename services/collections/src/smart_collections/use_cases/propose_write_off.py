"""Staff propose to write a receivable off (the client will not pay: insolvent, gone, not
worth a court case): the proposal waits for an administrator's decision (four eyes); one
proposal waits per receivable at a time."""

from __future__ import annotations

import uuid

from smart_collections.adapters.repositories import WRITE_OFFS, Receivables
from smart_collections.domain.receivable import ZERO
from smart_collections.schemas import WriteOff, WriteOffIn
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound
from smart_common.representation import public_document


class ProposeWriteOff(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, receivable_id: str, body: WriteOffIn
    ) -> WriteOff:
        async def propose(tx: Transaction) -> WriteOff:
            receivable = await Receivables(tx).get(receivable_id)
            if receivable is None or receivable.entity != principal.entity:
                raise NotFound("no such receivable in the entity")
            exposure = receivable.exposure
            if receivable.document.get("guaranteed_at") is None:
                raise Conflict(
                    "the receivable is not guaranteed: the fund advanced nothing to write off "
                    "(the guarantee run pays its salary on its guarantee date)"
                )
            if exposure.written_off > ZERO:
                raise Conflict("the receivable is written off already")
            if exposure.open <= ZERO:
                raise Conflict("the fund got its advance back: nothing to write off")
            write_offs = tx.collection(WRITE_OFFS)
            if await write_offs.find_one({"receivable_id": receivable_id, "status": "proposed"}):
                raise Conflict("a write-off of this receivable waits for a decision already")
            proposal = {
                "_id": str(uuid.uuid4()),
                "entity": principal.entity,
                "receivable_id": receivable_id,
                "invoice_number": receivable.document.get("invoice_number"),
                "amount": str(exposure.open),
                "currency": receivable.currency,
                "reason": body.reason,
                "status": "proposed",
                "proposed_by": principal.subject,
                "proposed_at": self._clock.now(),
                "decided_by": None,
                "decided_at": None,
                "comment": None,
            }
            await write_offs.insert_one(proposal)
            return WriteOff.model_validate(public_document(proposal, "write_off_id"))

        return await self._uow.run(propose)
