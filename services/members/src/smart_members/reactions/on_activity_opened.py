"""A member's activity was opened (activities service): members knows its id and mode, so a
job names one of the member's activities and says whether its revenue pays a salary; the
name and logo the member gave it go on its jobs' invoices."""

from __future__ import annotations

import base64

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
                "name": data.name,
                "opened_by_first_job": data.opened_by_first_job,
                "logo": base64.b64decode(data.logo) if data.logo else None,
            }
        )
