"""Use cases of the invoicing service: issue the job's invoice, deliver it, show it."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import date, timedelta
from typing import Any

from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import InvoiceIssued, InvoiceSent
from smart_common.events.payroll import ContractGenerated, HiringDeclarationAccepted
from smart_common.persistence import Transaction, UnitOfWork, utcnow
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook
from smart_common.structured_communication import structured_communication
from smart_invoicing.adapters.email_channel import InvoiceChannel
from smart_invoicing.adapters.repositories import HIRING_CLEARANCES, INVOICES, next_number
from smart_invoicing.domain.invoice import invoice_content
from smart_invoicing.settings import InvoicingSettings

log = logging.getLogger(__name__)
DELIVERY_BATCH = 100
DELIVERY_CONCURRENCY = 8


def public_invoice(invoice: dict[str, Any]) -> dict[str, Any]:
    return public_document(invoice, "invoice_id")


class InvoicingHandlers:
    def __init__(
        self, uow: UnitOfWork, rules: RuleBook, channel: InvoiceChannel, settings: InvoicingSettings
    ):
        self._uow = uow
        self._rules = rules
        self._channel = channel
        self._settings = settings

    def _seller(self) -> dict[str, Any]:
        settings = self._settings
        return {
            "name": settings.seller_name,
            "vat_number": settings.seller_vat_number,
            "address": {
                "street": settings.seller_street,
                "postal_code": settings.seller_postal_code,
                "city": settings.seller_city,
                "country": settings.seller_country,
            },
            "iban": settings.seller_iban,
        }

    async def on_contract_generated(
        self, data: ContractGenerated, envelope: Envelope, tx: Transaction
    ) -> None:
        job = data.job
        if await tx.collection(INVOICES).find_one({"job_id": job.job_id}, projection={"_id": 1}):
            return
        cleared = await tx.collection(HIRING_CLEARANCES).find_one({"_id": job.job_id})
        issue_date = utcnow().date()
        pack = self._rules.pack(job.entity, issue_date)
        content = invoice_content(job, self._settings.seller_country, pack, issue_date)
        sequence = await next_number(tx, f"{job.entity}-{issue_date.year}")
        number = f"{job.entity}{issue_date.year}-{sequence:06d}"
        reference = structured_communication((issue_date.year % 100) * 10**8 + sequence)
        invoice_id = str(uuid.uuid4())
        invoice = {
            "_id": invoice_id,
            "number": number,
            "series": f"{job.entity}-{issue_date.year}",
            "job_id": job.job_id,
            "contract_id": data.contract_id,
            "member_id": job.member_id,
            "entity": job.entity,
            "client_id": job.client.client_id,
            "seller": self._seller(),
            "buyer": {
                "name": job.client.name,
                "vat_number": job.client.vat_number,
                "address": job.client.address.model_dump(),
                "email": job.client.email,
                "language": job.client.language,
            },
            "issue_date": content.issue_date.isoformat(),
            "due_date": content.due_date.isoformat(),
            "job_end_date": job.end_date.isoformat(),
            "currency": content.currency,
            "lines": [
                {
                    "description": line.description,
                    "quantity": str(line.quantity),
                    "unit_code": line.unit_code,
                    "unit_price": str(line.unit_price),
                    "net_amount": str(line.net_amount),
                    "vat_category": line.vat.category,
                    "vat_rate": str(line.vat.rate),
                }
                for line in content.lines
            ],
            "vat_breakdown": content.vat_breakdown,
            "total_excl_vat": str(content.total_excl_vat),
            "total_vat": str(content.total_vat),
            "total_incl_vat": str(content.total_incl_vat),
            "payment_reference": reference,
            "payment_terms": f"{pack.value('payment_terms_days')} days",
            "status": "issued",
            "delivery": {
                "channel": self._channel.name,
                "status": "pending" if cleared else "awaiting_hiring_declaration",
                "attempts": 0,
                "next_attempt_at": utcnow(),
            },
            "rule_pack": pack.version,
            "traceparent": envelope.traceparent,
            "created_at": utcnow(),
        }
        await tx.collection(INVOICES).insert_one(invoice)
        await tx.record_event(
            InvoiceIssued(
                invoice_id=invoice_id,
                number=number,
                job_id=job.job_id,
                member_id=job.member_id,
                client_id=job.client.client_id,
                entity=job.entity,
                issue_date=content.issue_date,
                due_date=content.due_date,
                total_excl_vat=content.total_excl_vat,
                total_vat=content.total_vat,
                total_incl_vat=content.total_incl_vat,
                currency=content.currency,
                payment_reference=reference,
            ),
            subject=invoice_id,
            entity=job.entity,
            correlation_id=envelope.correlation_id,
        )

    async def on_hiring_accepted(
        self, data: HiringDeclarationAccepted, envelope: Envelope, tx: Transaction
    ) -> None:
        """The worker is declared to social security: the job's invoice may go out."""
        await tx.collection(HIRING_CLEARANCES).update_one(
            {"_id": data.job_id},
            {"$setOnInsert": {"declaration_id": data.declaration_id, "at": utcnow()}},
            upsert=True,
        )
        await tx.collection(INVOICES).update_one(
            {"job_id": data.job_id, "delivery.status": "awaiting_hiring_declaration"},
            {"$set": {"delivery.status": "pending", "delivery.next_attempt_at": utcnow()}},
        )

    async def deliver_pending(self) -> None:
        """Send what is pending, concurrently; ``invoice.sent`` only once delivered."""
        due = await self._uow.find(
            INVOICES,
            {"delivery.status": "pending", "delivery.next_attempt_at": {"$lte": utcnow()}},
            limit=DELIVERY_BATCH,
        )
        if not due:
            return
        semaphore = asyncio.Semaphore(DELIVERY_CONCURRENCY)

        async def attempt(invoice: dict[str, Any]) -> Exception | None:
            async with semaphore:
                try:
                    await self._channel.deliver(public_invoice(invoice))
                except Exception as error:
                    return error
                return None

        outcomes = await asyncio.gather(*(attempt(invoice) for invoice in due))

        async def record(tx: Transaction) -> None:
            for invoice, error in zip(due, outcomes, strict=True):
                if error is None:
                    await self._mark_sent(tx, invoice)
                else:
                    await self._record_failure(tx, invoice, error)

        await self._uow.run(record)

    async def _mark_sent(self, tx: Transaction, invoice: dict[str, Any]) -> None:
        changed = await tx.collection(INVOICES).update_one(
            {"_id": invoice["_id"], "delivery.status": "pending"},
            {
                "$set": {
                    "status": "sent",
                    "delivery.status": "delivered",
                    "delivery.delivered_at": utcnow(),
                },
                "$inc": {"delivery.attempts": 1},
            },
        )
        if not changed:
            return
        await tx.record_event(
            InvoiceSent(
                invoice_id=invoice["_id"],
                number=invoice["number"],
                job_id=invoice["job_id"],
                member_id=invoice["member_id"],
                client_id=invoice["client_id"],
                entity=invoice["entity"],
                channel=self._channel.name,
                job_end_date=date.fromisoformat(invoice["job_end_date"]),
                due_date=date.fromisoformat(invoice["due_date"]),
                total_incl_vat=invoice["total_incl_vat"],
                currency=invoice["currency"],
                payment_reference=invoice["payment_reference"],
            ),
            subject=invoice["_id"],
            entity=invoice["entity"],
            correlation_id=invoice["job_id"],
            traceparent=invoice.get("traceparent"),
        )

    async def _record_failure(
        self, tx: Transaction, invoice: dict[str, Any], error: Exception
    ) -> None:
        attempts = invoice["delivery"]["attempts"] + 1
        failed = attempts >= self._settings.delivery_max_attempts
        log.warning(
            "delivery of invoice %s failed (attempt %d): %s", invoice["number"], attempts, error
        )
        await tx.collection(INVOICES).update_one(
            {"_id": invoice["_id"]},
            {
                "$set": {
                    "delivery.attempts": attempts,
                    "delivery.status": "failed" if failed else "pending",
                    "delivery.last_error": str(error)[:500],
                    "delivery.next_attempt_at": utcnow() + timedelta(seconds=min(2**attempts, 600)),
                }
            },
        )

    async def invoice(self, principal: Principal, invoice_id: str) -> dict[str, Any]:
        invoice = await find_visible(self._uow, INVOICES, {"_id": invoice_id}, principal, "invoice")
        return public_invoice(invoice)

    async def invoices(
        self, principal: Principal, job_id: str | None, status: str | None
    ) -> list[dict[str, Any]]:
        query = visible_scope(principal)
        if job_id:
            query["job_id"] = job_id
        if status:
            query["status"] = status
        found = await self._uow.find(INVOICES, query, sort=[("created_at", -1)], limit=200)
        return [public_invoice(invoice) for invoice in found]
