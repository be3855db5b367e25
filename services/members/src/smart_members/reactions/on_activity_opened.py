"""A member's activity was opened (activities service): members knows its id and mode, so a
job names one of the member's activities and says whether its revenue pays a salary."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.activities import ActivityOpened
from smart_common.events.envelope import Envelope
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import MemberActivities


class OnActivityOpened(EventReaction):
    consumer = "members-activities"
    handles = (ActivityOpened,)

    async def handle(self, data: ActivityOpened, envelope: Envelope, tx: Transaction) -> None:
        await MemberActivities(tx).add(
            {
                "_id": data.activity_id,
                "member_id": data.member_id,
                "entity": data.entity,
                "mode": data.mode.value,
                "opened_on": data.opened_on.isoformat(),
                "opened_at": envelope.time,
            }
        )
