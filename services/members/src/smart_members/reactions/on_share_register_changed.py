"""The share register changed for a member (a payment arrived, shares were redeemed): the
member holds what the register says and is a shareholder while they hold a share."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.governance import SharePaid, ShareRedeemed
from smart_common.events.members import MemberBecameShareholder
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import Users


class OnShareRegisterChanged(EventReaction):
    consumer = "members-shareholders"
    handles = (SharePaid, ShareRedeemed)
    raises = (MemberBecameShareholder,)

    async def handle(
        self, data: SharePaid | ShareRedeemed, envelope: Envelope, tx: Transaction
    ) -> None:
        before = await Users(tx).set_shares(data.member_id, data.holding)
        if before is None:
            raise LookupError(f"member {data.member_id} not found for {envelope.type}")
        if data.holding > 0 and not before.get("shareholder"):
            await tx.record_event(
                MemberBecameShareholder(
                    member_id=data.member_id, entity=data.entity, shares=data.holding
                ),
                subject=data.member_id,
                entity=data.entity,
                correlation_id=envelope.correlation_id,
            )
