"""Use cases of the invoicing service: issue the job's invoice, correct it by credit notes,
render and deliver them, show them."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field

from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import CreditNoteIssued, InvoiceIssued, InvoiceSent
from smart_common.events.members import JobCancelled
from smart_common.events.payroll import ContractGenerated, HiringDeclarationAccepted
from smart_common.idempotency import fingerprint, run_idempotent
from smart_common.money import CentAmount
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.representation import public_document
from smart_common.text import InputModel
from smart_invoicing.adapters.channels import Attachment, DeliveryChannel, DeliveryFailed, Parcel
from smart_invoicing.adapters.repositories import (
    CANCELLED_JOBS,
    CREDIT_NOTES,
    DELIVERABLE,
    HIRING_CLEARANCES,
    INVOICES,
    next_number,
)
from smart_invoicing.composition import DocumentComposer
from smart_invoicing.documents.cii import render_facturx
from smart_invoicing.documents.pdf import render_pdf
from smart_invoicing.documents.ubl import render_ubl
from smart_invoicing.domain.content import InvalidDocument, compose_credit_note
from smart_invoicing.domain.document import Document, from_stored, to_stored
from smart_invoicing.domain.wording import label
from smart_invoicing.settings import InvoicingSettings

log = logging.getLogger(__name__)
DELIVERY_BATCH = 50
DELIVERY_CONCURRENCY = 8


class CreditNoteIn(InputModel):
    amount_excl_vat: CentAmount | None = Field(
        default=None,
        gt=Decimal("0"),
        description="Partial credit (excl. VAT); omitted: everything left on the invoice",
    )
    reason: str = Field(min_length=1, max_length=300)


def public(stored: dict[str, Any], id_name: str) -> dict[str, Any]:
    answer = public_document(stored, id_name, hidden=("logo", "delivery"))
    delivery = stored.get("delivery", {})
    answer["delivery"] = {
        key: delivery[key]
        for key in ("channel", "status", "attempts", "receipt", "last_error")
        if key in delivery
    }
    return answer


def document_of(stored: dict[str, Any]) -> Document:
    return from_stored(stored["document"] | {"logo": stored.get("logo")})


def delivery_channel(buyer_kind: str, buyer_country: str, seller_country: str) -> str:
    """Peppol for business clients established in the seller's country (the Belgian mandate),
    e-mail with the PDF and the XML otherwise."""
    if buyer_kind == "business" and buyer_country == seller_country == "BE":
        return "peppol"
    return "email"


class InvoicingHandlers:
    def __init__(
        self,
        uow: UnitOfWork,
        composer: DocumentComposer,
        channels: dict[str, DeliveryChannel],
        settings: InvoicingSettings,
        clock: Clock,
    ):
        self._clock = clock
        self._uow = uow
        self._composer = composer
        self._channels = channels
        self._settings = settings

    # --- issuing -------------------------------------------------------------------------
    async def on_contract_generated(
        self, data: ContractGenerated, envelope: Envelope, tx: Transaction
    ) -> None:
        job = data.job
        if await tx.collection(INVOICES).find_one({"job_id": job.job_id}, projection={"_id": 1}):
            return
        if await tx.collection(CANCELLED_JOBS).find_one({"_id": job.job_id}):
            return
        cleared = await tx.collection(HIRING_CLEARANCES).find_one({"_id": job.job_id})
        issue_date = self._clock.today()
        series = f"{job.entity}-{issue_date.year}"
        sequence = await next_number(tx, series)
        number = f"{job.entity}{issue_date.year}-{sequence:06d}"
        base = (issue_date.year % 100) * 10**8 + sequence
        document, pack = self._composer.invoice(job, issue_date, number, base)
        reference = document.payment_reference
        stored = to_stored(document)
        logo = stored.pop("logo")
        invoice_id = str(uuid.uuid4())
        invoice = {
            "_id": invoice_id,
            "number": number,
            "series": series,
            "job_id": job.job_id,
            "contract_id": data.contract_id,
            "member_id": job.member_id,
            "entity": job.entity,
            "client_id": job.client.client_id,
            "issue_date": document.issue_date.isoformat(),
            "due_date": document.due_date.isoformat() if document.due_date else None,
            "job_end_date": job.end_date.isoformat(),
            "currency": document.currency,
            "total_excl_vat": str(document.total_excl_vat),
            "total_vat": str(document.total_vat),
            "total_incl_vat": str(document.total_incl_vat),
            "credited_excl_vat": "0.00",
            "payment_reference": reference,
            "language": document.language,
            "status": "issued",
            "document": stored,
            "logo": logo,
            "delivery": {
                "channel": delivery_channel(
                    job.client.kind, job.client.address.country, self._settings.seller_country
                ),
                "status": "pending" if cleared else "awaiting_hiring_declaration",
                "attempts": 0,
                "next_attempt_at": self._clock.now(),
            },
            "rule_pack": pack.version,
            "traceparent": envelope.traceparent,
            "created_at": self._clock.now(),
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
                issue_date=document.issue_date,
                due_date=document.due_date or document.issue_date,
                total_excl_vat=document.total_excl_vat,
                total_vat=document.total_vat,
                total_incl_vat=document.total_incl_vat,
                currency=document.currency,
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
            {"$setOnInsert": {"declaration_id": data.declaration_id, "at": self._clock.now()}},
            upsert=True,
        )
        await tx.collection(INVOICES).update_one(
            {"job_id": data.job_id, "delivery.status": "awaiting_hiring_declaration"},
            {"$set": {"delivery.status": "pending", "delivery.next_attempt_at": self._clock.now()}},
        )

    # --- credit notes --------------------------------------------------------------------
    async def _credit(
        self,
        tx: Transaction,
        invoice: dict[str, Any],
        amount: Decimal | None,
        reason: str,
        correlation_id: str,
    ) -> dict[str, Any]:
        issue_date = self._clock.today()
        series = f"{invoice['entity']}-CN-{issue_date.year}"
        original = document_of(invoice)
        credited = Decimal(invoice["credited_excl_vat"])
        sequence = await next_number(tx, series)
        number = f"{invoice['entity']}{issue_date.year}-CN{sequence:06d}"
        note = compose_credit_note(
            original,
            number=number,
            issue_date=issue_date,
            amount_excl_vat=amount,
            already_credited_excl_vat=credited,
            reason=reason,
        )
        credited += note.total_excl_vat
        fully = credited == original.total_excl_vat
        withdrawn = invoice["delivery"]["status"] in ("awaiting_hiring_declaration", "withdrawn")
        updates: dict[str, Any] = {
            "credited_excl_vat": str(credited),
            "status": "credited" if fully else invoice["status"],
        }
        if withdrawn and fully:
            updates["delivery.status"] = "withdrawn"
        changed = await tx.collection(INVOICES).update_one(
            {"_id": invoice["_id"], "credited_excl_vat": invoice["credited_excl_vat"]},
            {"$set": updates},
        )
        if not changed:
            raise RuntimeError(f"invoice {invoice['number']} changed meanwhile: try again")
        stored = to_stored(note)
        stored.pop("logo")
        credit_note_id = str(uuid.uuid4())
        credit_note = {
            "_id": credit_note_id,
            "number": number,
            "series": series,
            "invoice_id": invoice["_id"],
            "invoice_number": invoice["number"],
            "job_id": invoice["job_id"],
            "member_id": invoice["member_id"],
            "entity": invoice["entity"],
            "client_id": invoice["client_id"],
            "issue_date": issue_date.isoformat(),
            "currency": note.currency,
            "total_excl_vat": str(note.total_excl_vat),
            "total_vat": str(note.total_vat),
            "total_incl_vat": str(note.total_incl_vat),
            "reason": reason,
            "language": note.language,
            "status": "issued",
            "document": stored,
            "logo": invoice.get("logo"),
            "delivery": {
                "channel": invoice["delivery"]["channel"],
                "status": "not_required" if withdrawn else "pending",
                "attempts": 0,
                "next_attempt_at": self._clock.now(),
            },
            "traceparent": invoice.get("traceparent"),
            "created_at": self._clock.now(),
        }
        await tx.collection(CREDIT_NOTES).insert_one(credit_note)
        await tx.record_event(
            CreditNoteIssued(
                credit_note_id=credit_note_id,
                number=number,
                invoice_id=invoice["_id"],
                invoice_number=invoice["number"],
                job_id=invoice["job_id"],
                member_id=invoice["member_id"],
                entity=invoice["entity"],
                issue_date=issue_date,
                total_excl_vat=note.total_excl_vat,
                total_vat=note.total_vat,
                total_incl_vat=note.total_incl_vat,
                currency=note.currency,
                fully_credited=fully,
                reason=reason,
            ),
            subject=credit_note_id,
            entity=invoice["entity"],
            correlation_id=correlation_id,
            traceparent=invoice.get("traceparent"),
        )
        return public(credit_note, "credit_note_id")

    async def issue_credit_note(
        self,
        principal: Principal,
        invoice_id: str,
        request: CreditNoteIn,
        idempotency_key: str | None,
    ) -> tuple[dict[str, Any], bool]:
        await find_visible(self._uow, INVOICES, {"_id": invoice_id}, principal, "invoice")

        async def create(tx: Transaction) -> dict[str, Any]:
            invoice = await tx.collection(INVOICES).find_one({"_id": invoice_id})
            assert invoice is not None
            try:
                return await self._credit(
                    tx, invoice, request.amount_excl_vat, request.reason, invoice["job_id"]
                )
            except InvalidDocument as error:
                raise Unprocessable(str(error)) from error

        return await run_idempotent(
            self._uow,
            scope=f"credit-note:{invoice_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )

    async def on_job_cancelled(
        self, data: JobCancelled, envelope: Envelope, tx: Transaction
    ) -> None:
        """The saga's compensation: no invoice any more, or a full credit note for it."""
        await tx.collection(CANCELLED_JOBS).update_one(
            {"_id": data.job_id},
            {"$setOnInsert": {"reason": data.reason, "at": self._clock.now()}},
            upsert=True,
        )
        invoice = await tx.collection(INVOICES).find_one({"job_id": data.job_id})
        if invoice is None or invoice["status"] == "credited":
            return
        await self._credit(tx, invoice, None, data.reason, data.job_id)

    # --- rendering -----------------------------------------------------------------------
    @staticmethod
    def pdf(stored: dict[str, Any]) -> bytes:
        return render_pdf(document_of(stored))

    @staticmethod
    def ubl(stored: dict[str, Any]) -> bytes:
        document = document_of(stored)
        return render_ubl(document, pdf=render_pdf(document))

    @staticmethod
    def facturx(stored: dict[str, Any]) -> bytes:
        document = document_of(stored)
        return render_facturx(document, render_pdf(document))

    def parcel(self, stored: dict[str, Any]) -> Parcel:
        """What goes out: the UBL (PDF inside), and for e-mail the PDF — a Factur-X PDF for
        French business clients — and the UBL attached; a quote goes with its PDF and the link
        the client accepts it with."""
        document = document_of(stored)
        pdf = render_pdf(document)
        quote = document.kind == "quote"
        ubl = b"" if quote else render_ubl(document, pdf=pdf)
        if (
            not quote
            and document.buyer.kind == "business"
            and document.buyer.address.country == "FR"
        ):
            pdf = render_facturx(document, pdf)
        title = f"{label(document.kind, document.language)} {document.number}"
        body = [f"{title} — {document.seller.name}"]
        if document.activity_name:
            body.append(document.activity_name)
        body.append(
            f"{label('total_incl_vat', document.language)}: "
            f"{document.total_incl_vat} {document.currency}"
        )
        if document.kind == "invoice" and document.iban and document.due_date:
            body.append(
                label("payment", document.language).format(
                    iban=document.iban,
                    reference=document.payment_reference,
                    due=document.due_date.isoformat(),
                )
            )
        if quote and stored.get("acceptance_url"):
            body.append(f"{label('accept', document.language)}: {stored['acceptance_url']}")
        attachments = [Attachment(f"{document.number}.pdf", "application/pdf", pdf)]
        if ubl:
            attachments.append(Attachment(f"{document.number}.xml", "application/xml", ubl))
        return Parcel(
            instance_id=stored["_id"],
            kind=document.kind,
            number=document.number,
            subject=f"{title} — {document.seller.name}",
            body="\n\n".join(body),
            sender=document.seller.electronic_address,
            receiver=document.buyer.electronic_address,
            email=document.buyer.email,
            ubl=ubl,
            attachments=attachments,
        )

    # --- delivery ------------------------------------------------------------------------
    async def deliver_pending(self) -> None:
        """Send what is pending, concurrently; ``invoice.sent`` only once delivered."""
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
                    parcel = await asyncio.to_thread(self.parcel, stored)
                    channel = self._channels[stored["delivery"]["channel"]]
                    return await channel.deliver(parcel), None
                except Exception as error:
                    return None, error

        outcomes = await asyncio.gather(*(attempt(stored) for stored in due))

        async def record(tx: Transaction) -> None:
            for stored, (receipt, error) in zip(due, outcomes, strict=True):
                if error is None:
                    await self._mark_delivered(tx, collection, stored, receipt)
                else:
                    await self._record_failure(tx, collection, stored, error)

        await self._uow.run(record)

    async def _mark_delivered(
        self, tx: Transaction, collection: str, stored: dict[str, Any], receipt: str | None
    ) -> None:
        delivered: dict[str, Any] = {
            "delivery.status": "delivered",
            "delivery.receipt": receipt,
            "delivery.delivered_at": self._clock.now(),
        }
        pending = {"_id": stored["_id"], "delivery.status": "pending"}
        attempt = {"delivery.attempts": 1}
        documents = tx.collection(collection)
        if collection == INVOICES and stored["status"] == "issued":
            # the usual case in one command: delivered and sent, unless it changed meanwhile
            if await documents.update_one(
                {**pending, "status": "issued"},
                {"$set": {**delivered, "status": "sent"}, "$inc": attempt},
            ):
                await self._invoice_sent(tx, stored)
                return
        if not await documents.update_one(pending, {"$set": delivered, "$inc": attempt}):
            return
        if collection == INVOICES:
            await documents.update_one(
                {"_id": stored["_id"], "status": "issued"}, {"$set": {"status": "sent"}}
            )
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
            ),
            subject=stored["_id"],
            entity=stored["entity"],
            correlation_id=stored["job_id"],
            traceparent=stored.get("traceparent"),
        )

    async def _record_failure(
        self, tx: Transaction, collection: str, stored: dict[str, Any], error: Exception
    ) -> None:
        attempts = stored["delivery"]["attempts"] + 1
        if isinstance(error, DeliveryFailed) and stored["delivery"]["channel"] == "peppol":
            # the receiver cannot take it over Peppol (not registered, refused): e-mail it
            log.warning("%s refused over Peppol (%s): sending by e-mail", stored["number"], error)
            await tx.collection(collection).update_one(
                {"_id": stored["_id"], "delivery.status": "pending"},
                {
                    "$set": {
                        "delivery.channel": "email",
                        "delivery.attempts": attempts,
                        "delivery.last_error": f"peppol: {error}"[:500],
                        "delivery.next_attempt_at": self._clock.now(),
                    }
                },
            )
            return
        failed = attempts >= self._settings.delivery_max_attempts
        log.warning("delivery of %s failed (attempt %d): %s", stored["number"], attempts, error)
        await tx.collection(collection).update_one(
            {"_id": stored["_id"], "delivery.status": "pending"},
            {
                "$set": {
                    "delivery.attempts": attempts,
                    "delivery.status": "failed" if failed else "pending",
                    "delivery.last_error": str(error)[:500],
                    "delivery.next_attempt_at": self._clock.now()
                    + timedelta(seconds=min(2**attempts, 600)),
                }
            },
        )

    # --- reading -------------------------------------------------------------------------
    async def invoice_document(self, principal: Principal, invoice_id: str) -> dict[str, Any]:
        return await find_visible(self._uow, INVOICES, {"_id": invoice_id}, principal, "invoice")

    async def credit_note_document(
        self, principal: Principal, credit_note_id: str
    ) -> dict[str, Any]:
        return await find_visible(
            self._uow, CREDIT_NOTES, {"_id": credit_note_id}, principal, "credit note"
        )

    async def invoices(
        self, principal: Principal, job_id: str | None, status: str | None
    ) -> list[dict[str, Any]]:
        query = visible_scope(principal)
        if job_id:
            query["job_id"] = job_id
        if status:
            query["status"] = status
        found = await self._uow.find(
            INVOICES, query, sort=[("created_at", -1)], limit=200, projection={"logo": 0}
        )
        return [public(invoice, "invoice_id") for invoice in found]

    async def credit_notes(
        self, principal: Principal, invoice_id: str | None, job_id: str | None
    ) -> list[dict[str, Any]]:
        query = visible_scope(principal)
        if invoice_id:
            query["invoice_id"] = invoice_id
        if job_id:
            query["job_id"] = job_id
        found = await self._uow.find(
            CREDIT_NOTES, query, sort=[("created_at", -1)], limit=200, projection={"logo": 0}
        )
        return [public(note, "credit_note_id") for note in found]
