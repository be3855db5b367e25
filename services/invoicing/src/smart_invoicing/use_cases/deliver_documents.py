"""Deliver what is pending — invoices, credit notes, quotes, reminders — over each one's
channel, with retries; ``invoice.sent`` only once an invoice is delivered, ``reminder.sent``
once a reminder is."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta
from typing import Any

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.invoicing import InvoiceSent, ReminderSent
from smart_common.persistence import Transaction, UnitOfWork
from smart_invoicing.adapters.channels import DeliveryChannel, DeliveryFailed
from smart_invoicing.adapters.repositories import DELIVERABLE, INVOICES, REMINDERS, Deliveries
from smart_invoicing.documents.rendering import parcel, reminder_parcel

log = logging.getLogger(__name__)
DELIVERY_BATCH = 50
DELIVERY_CONCURRENCY = 8


class DeliverDocuments(UseCase):
    raises = (InvoiceSent, ReminderSent)

    def __init__(
        self,
        uow: UnitOfWork,
        channels: dict[str, DeliveryChannel],
        max_attempts: int,
        clock: Clock,
    ):
        self._uow = uow
        self._channels = channels
        self._max_attempts = max_attempts
        self._clock = clock

    async def __call__(self) -> None:
        """Send what is pending, concurrently."""
        for collection in DELIVERABLE:
            due = await self._uow.find(
                collection,
                {
                    "delivery.status": "pending",
                    "delivery.next_attempt_at": {"$lte": self._clock.now()},
                },
                limit=DELIVERY_BATCH,
            )
            if due:
                await self._deliver(collection, due)

    async def _deliver(self, collection: str, due: list[dict[str, Any]]) -> None:
        semaphore = asyncio.Semaphore(DELIVERY_CONCURRENCY)

        async def attempt(stored: dict[str, Any]) -> tuple[str | None, Exception | None]:
            async with semaphore:
                try:
                    if collection == REMINDERS:
                        invoice = await self._uow.find_one(INVOICES, {"_id": stored["invoice_id"]})
                        if invoice is None:
                            raise DeliveryFailed(f"invoice {stored['invoice_id']} not found")
                        outgoing = await asyncio.to_thread(reminder_parcel, stored, invoice)
                    else:
                        outgoing = await asyncio.to_thread(parcel, stored)
                    channel = self._channels[stored["delivery"]["channel"]]
                    return await channel.deliver(outgoing), None
                except Exception as error:
                    return None, error

        outcomes = await asyncio.gather(*(attempt(stored) for stored in due))

        async def record(tx: Transaction) -> None:
            deliveries = Deliveries(tx, collection)
            for stored, (receipt, error) in zip(due, outcomes, strict=True):
                if error is None:
                    await self._delivered(tx, deliveries, stored, receipt)
                else:
                    await self._failed(deliveries, stored, error)

        await self._uow.run(record)

    async def _delivered(
        self, tx: Transaction, deliveries: Deliveries, stored: dict[str, Any], receipt: str | None
    ) -> None:
        invoice = deliveries.collection == INVOICES
        now = self._clock.now()
        # the usual case in one command: delivered and sent, unless it changed meanwhile
        if invoice and stored["status"] == "issued":
            if await deliveries.delivered(stored["_id"], receipt, now, sent=True):
                await self._invoice_sent(tx, stored)
                return
        if not await deliveries.delivered(stored["_id"], receipt, now):
            return
        if deliveries.collection == REMINDERS:
            await tx.record_event(
                ReminderSent(
                    reminder_id=stored["_id"],
                    number=stored["number"],
                    receivable_id=stored["receivable_id"],
                    invoice_id=stored["invoice_id"],
                    job_id=stored["job_id"],
                    step=stored["step"],
                    channel=stored["delivery"]["channel"],
                    receipt=receipt,
                ),
                subject=stored["invoice_id"],
                entity=stored["entity"],
                correlation_id=stored["job_id"],
                traceparent=stored.get("traceparent"),
            )
        if invoice:
            await deliveries.mark_sent(stored["_id"])
            await self._invoice_sent(tx, stored)

    async def _invoice_sent(self, tx: Transaction, stored: dict[str, Any]) -> None:
        await tx.record_event(
            InvoiceSent(
                invoice_id=stored["_id"],
                number=stored["number"],
                job_id=stored["job_id"],
                member_id=stored["member_id"],
                client_id=stored["client_id"],
                entity=stored["entity"],
                channel=stored["delivery"]["channel"],
                job_end_date=date.fromisoformat(stored["job_end_date"]),
                due_date=date.fromisoformat(stored["due_date"]),
                total_incl_vat=stored["total_incl_vat"],
                currency=stored["currency"],
                payment_reference=stored["payment_reference"],
                client_kind=stored["document"]["buyer"].get("kind", "business"),
                language=stored["document"].get("language"),
                salary_guaranteed=stored.get("salary_guaranteed", True),
            ),
            subject=stored["_id"],
            entity=stored["entity"],
            correlation_id=stored["job_id"],
            traceparent=stored.get("traceparent"),
        )

    async def _failed(
        self, deliveries: Deliveries, stored: dict[str, Any], error: Exception
    ) -> None:
        attempts = stored["delivery"]["attempts"] + 1
        if isinstance(error, DeliveryFailed) and stored["delivery"]["channel"] == "peppol":
            # the receiver cannot take it over Peppol (not registered, refused): e-mail it
            log.warning("%s refused over Peppol (%s): sending by e-mail", stored["number"], error)
            await deliveries.retry(
                stored["_id"],
                {
                    "channel": "email",
                    "attempts": attempts,
                    "last_error": f"peppol: {error}"[:500],
                    "next_attempt_at": self._clock.now(),
                },
            )
            return
        failed = attempts >= self._max_attempts
        log.warning("delivery of %s failed (attempt %d): %s", stored["number"], attempts, error)
        await deliveries.retry(
            stored["_id"],
            {
                "attempts": attempts,
                "status": "failed" if failed else "pending",
                "last_error": str(error)[:500],
                "next_attempt_at": self._clock.now() + timedelta(seconds=min(2**attempts, 600)),
            },
        )
