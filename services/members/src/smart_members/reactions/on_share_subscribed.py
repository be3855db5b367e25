"""A member subscribed shares: they are a shareholder from now on."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.governance import ShareSubscribed
from smart_common.events.members import MemberBecameShareholder
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import Users


class OnShareSubscribed(EventReaction):
    consumer = "members-shareholders"
    handles = (ShareSubscribed,)
    raises = (MemberBecameShareholder,)

    async def handle(self, data: ShareSubscribed, envelope: Envelope, tx: Transaction) -> None:
        if not await Users(tx).mark_shareholder(data.member_id, data.shares):
            raise LookupError(f"member {data.member_id} not found for {envelope.type}")
        await tx.record_event(
            MemberBecameShareholder(
                member_id=data.member_id, entity=data.entity, shares=data.shares
            ),
            subject=data.member_id,
            entity=data.entity,
            correlation_id=envelope.correlation_id,
        )
