"""A reminder reached the client: it is marked sent with the channel's proof (the day the
law's waiting period counts from)."""

from __future__ import annotations

from smart_collections.adapters.repositories import REMINDERS
from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import ReminderSent
from smart_common.persistence import Transaction


class OnReminderSent(EventReaction):
    consumer = "collections-reminders"
    handles = (ReminderSent,)

    def __init__(self, clock: Clock):
        self._clock = clock

    async def handle(self, data: ReminderSent, envelope: Envelope, tx: Transaction) -> None:
        await tx.collection(REMINDERS).update_one(
            {"_id": data.reminder_id, "status": "issued"},
            {
                "$set": {
                    "status": "sent",
                    "sent_at": self._clock.now(),
                    "channel": data.channel,
                    "receipt": data.receipt,
                }
            },
        )
