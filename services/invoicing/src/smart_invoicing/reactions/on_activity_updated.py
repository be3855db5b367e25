"""A member named their activity or changed its logo: quotes show it from now on."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.members import ActivityUpdated
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import MembersReadModel


class OnActivityUpdated(EventReaction):
    consumer = "invoicing-read-models"
    handles = (ActivityUpdated,)

    async def handle(self, data: ActivityUpdated, envelope: Envelope, tx: Transaction) -> None:
        await MembersReadModel(tx).put_activity(
            data.member_id,
            {"activity": data.activity.model_dump(mode="json"), "at": envelope.time},
        )
