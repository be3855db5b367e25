"""The members service sent a convocation: its proof of sending (when, which message) is kept
on the assembly's roll, counted once."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.members import ConvocationMailed
from smart_common.persistence import Transaction
from smart_governance.adapters.repositories import Assemblies, Roll


class OnConvocationMailed(EventReaction):
    consumer = "governance-convocations"
    handles = (ConvocationMailed,)

    async def handle(self, data: ConvocationMailed, envelope: Envelope, tx: Transaction) -> None:
        proof = {"sent_at": data.sent_at, "message_id": data.message_id}
        if await Roll(tx).mark_convened(data.assembly_id, data.member_id, proof):
            await Assemblies(tx).count_convocation_sent(data.assembly_id)
