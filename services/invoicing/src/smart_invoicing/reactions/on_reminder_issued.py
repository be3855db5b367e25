"""Collections issued a reminder: it goes to the client by e-mail, its letter and the invoice's
PDF attached, through the same deliveries as the invoice (retries, failures to the operations
queue); the client's address and the invoice stay here."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.collections import ReminderIssued
from smart_common.events.envelope import Envelope
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import INVOICES, REMINDERS


class OnReminderIssued(EventReaction):
    consumer = "invoicing-reminders"
    handles = (ReminderIssued,)

    def __init__(self, clock: Clock):
        self._clock = clock

    async def handle(self, data: ReminderIssued, envelope: Envelope, tx: Transaction) -> None:
        invoice = await tx.collection(INVOICES).find_one(
            {"_id": data.invoice_id}, projection={"_id": 1}
        )
        if invoice is None:
            raise LookupError(f"reminder {data.number}: invoice {data.invoice_id} not found")
        await tx.collection(REMINDERS).insert_if_absent(
            {
                "_id": data.reminder_id,
                "number": data.number,
                "entity": envelope.entity,
                "receivable_id": data.receivable_id,
                "invoice_id": data.invoice_id,
                "job_id": data.job_id,
                "step": data.step,
                "as_of": data.as_of.isoformat(),
                "pay_by": (data.pay_by or data.as_of).isoformat(),
                "principal": str(data.principal),
                "interest": str(data.interest),
                "compensation": str(data.compensation),
                "total": str(data.total),
                "currency": data.currency,
                "interest_complete": data.interest_complete,
                "traceparent": envelope.traceparent,
                "delivery": {
                    "channel": "email",
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": self._clock.now(),
                },
            }
        )
