"""A member registered: governance knows them (their id and entity only), so that staff
subscribe shares for members who exist."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.members import MemberRegistered
from smart_common.persistence import Transaction
from smart_governance.adapters.repositories import Members


class OnMemberRegistered(EventReaction):
    consumer = "governance-members"
    handles = (MemberRegistered,)

    async def handle(self, data: MemberRegistered, envelope: Envelope, tx: Transaction) -> None:
        await Members(tx).add(data.member_id, data.entity, envelope.time)
