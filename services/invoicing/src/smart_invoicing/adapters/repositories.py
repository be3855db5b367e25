"""MongoDB collections of the invoicing service and their business-key indexes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, Transaction

INVOICES = "invoices"
CREDIT_NOTES = "credit_notes"
CREDIT_NOTE_REQUESTS = "credit_note_requests"
HIRING_CLEARANCES = "hiring_clearances"
"""Jobs whose hiring declaration was accepted: their invoices may be delivered."""
CANCELLED_JOBS = "cancelled_jobs"
"""Jobs cancelled by their member: no invoice is issued for them any more."""
QUOTES = "quotes"
CLIENTS = "clients"
"""Read model: the members' clients (from ``client.registered``), to prepare quotes."""
ACTIVITIES = "activities"
"""Read model: each member's activity (from ``member.activity_updated``)."""
REMINDERS = "reminders"
"""Reminders collections issued, delivered to the client with the invoice's PDF."""
DELIVERABLE = (INVOICES, CREDIT_NOTES, QUOTES, REMINDERS)


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[INVOICES].create_index([("job_id", ASCENDING)], unique=True)
    for collection in DELIVERABLE:
        await database[collection].create_index([("number", ASCENDING)], unique=True)
        await database[collection].create_index([("delivery.status", ASCENDING)])
    await database[CREDIT_NOTES].create_index([("invoice_id", ASCENDING)])
    await database[QUOTES].create_index([("member_id", ASCENDING)])
    await database[CREDIT_NOTE_REQUESTS].create_index(
        [("entity", ASCENDING), ("status", ASCENDING)]
    )


class Invoices:
    """The invoices, in the caller's transaction; ``credited_excl_vat`` is the version a
    credit is applied against."""

    def __init__(self, tx: Transaction):
        self._invoices = tx.collection(INVOICES)

    async def add(self, invoice: Document) -> None:
        await self._invoices.insert_one(invoice)

    async def get(self, invoice_id: str) -> Document | None:
        return await self._invoices.find_one({"_id": invoice_id})

    async def of_job(self, job_id: str) -> Document | None:
        return await self._invoices.find_one({"job_id": job_id})

    async def exists_for_job(self, job_id: str) -> bool:
        return bool(await self._invoices.find_one({"job_id": job_id}, projection={"_id": 1}))

    async def release(self, job_id: str, at: datetime) -> None:
        """The job's invoice, held until the worker was declared, may be delivered now."""
        await self._invoices.update_one(
            {"job_id": job_id, "delivery.status": "awaiting_hiring_declaration"},
            {"$set": {"delivery.status": "pending", "delivery.next_attempt_at": at}},
        )

    async def credit(self, invoice: Document, changes: Document) -> bool:
        """Apply a credit unless another was applied since ``invoice`` was read."""
        changed = await self._invoices.update_one(
            {"_id": invoice["_id"], "credited_excl_vat": invoice["credited_excl_vat"]},
            {"$set": changes},
        )
        return changed == 1

    async def record_paid(self, invoice_id: str, paid: Decimal) -> bool:
        """What the client paid so far (collections' figure; an older one never wins)."""
        invoice = await self.get(invoice_id)
        if invoice is None:
            return False
        known = Decimal(invoice.get("settlement", {}).get("paid_incl_vat", "0"))
        if paid > known:
            await self._invoices.update_one(
                {"_id": invoice_id}, {"$set": {"settlement.paid_incl_vat": str(paid)}}
            )
        return True

    async def record_salary(self, invoice_id: str, how: str) -> bool:
        """The job's salary is paid (``paid``: the client settled) or ``guaranteed``."""
        invoice = await self.get(invoice_id)
        if invoice is None:
            return False
        if not invoice.get("settlement", {}).get("salary"):
            await self._invoices.update_one(
                {"_id": invoice_id}, {"$set": {"settlement.salary": how}}
            )
        return True


class CreditNotes:
    def __init__(self, tx: Transaction):
        self._credit_notes = tx.collection(CREDIT_NOTES)

    async def add(self, credit_note: Document) -> None:
        await self._credit_notes.insert_one(credit_note)

    async def credited_incl_vat(self, invoice_id: str) -> Decimal:
        notes = await self._credit_notes.find(
            {"invoice_id": invoice_id}, projection={"total_incl_vat": 1}
        )
        return sum((Decimal(note["total_incl_vat"]) for note in notes), Decimal("0"))


class CreditNoteRequests:
    """Credit notes a member asked for beyond the guard-rails, until staff decide."""

    def __init__(self, tx: Transaction):
        self._requests = tx.collection(CREDIT_NOTE_REQUESTS)

    async def add(self, request: Document) -> None:
        await self._requests.insert_one(request)

    async def get(self, request_id: str) -> Document | None:
        return await self._requests.find_one({"_id": request_id})

    async def decide(self, request_id: str, decision: Document) -> bool:
        """Record the decision unless someone decided first."""
        changed = await self._requests.update_one(
            {"_id": request_id, "status": "pending"}, {"$set": decision}
        )
        return changed == 1


class Quotes:
    def __init__(self, tx: Transaction):
        self._quotes = tx.collection(QUOTES)

    async def add(self, quote: Document) -> None:
        await self._quotes.insert_one(quote)

    async def get(self, quote_id: str) -> Document | None:
        return await self._quotes.find_one({"_id": quote_id})

    async def send(self, quote_id: str, acceptance_url: str, at: datetime) -> None:
        await self._quotes.update_one(
            {"_id": quote_id, "status": {"$in": ["draft", "sent"]}},
            {
                "$set": {
                    "status": "sent",
                    "acceptance_url": acceptance_url,
                    "delivery.status": "pending",
                    "delivery.next_attempt_at": at,
                },
                "$push": {"sendings": at},
            },
        )

    async def sendings_since(self, member_id: str, since: datetime) -> int:
        """How many times the member had quotes e-mailed since then (each sending counts)."""
        found = await self._quotes.find(
            {"member_id": member_id, "sendings": {"$gte": since}}, projection={"sendings": 1}
        )
        return sum(1 for quote in found for at in quote["sendings"] if at >= since)

    async def move(self, quote_id: str, current: str, new: str, at: datetime) -> bool:
        """From one status to the next (``accepted_at``, ``confirmed_at``…); False when the
        quote is no longer in ``current``."""
        changed = await self._quotes.update_one(
            {"_id": quote_id, "status": current}, {"$set": {"status": new, f"{new}_at": at}}
        )
        return changed == 1


class JobGates:
    """What invoicing knows of each job besides its invoice: whether its worker was declared
    (the invoice may go out) and whether it was cancelled (no invoice any more)."""

    def __init__(self, tx: Transaction):
        self._cleared = tx.collection(HIRING_CLEARANCES)
        self._cancelled = tx.collection(CANCELLED_JOBS)

    async def clear(self, job_id: str, declaration_id: str, at: datetime) -> None:
        await self._cleared.update_one(
            {"_id": job_id},
            {"$setOnInsert": {"declaration_id": declaration_id, "at": at}},
            upsert=True,
        )

    async def is_cleared(self, job_id: str) -> bool:
        return await self._cleared.find_one({"_id": job_id}) is not None

    async def cancel(self, job_id: str, reason: str, at: datetime) -> None:
        await self._cancelled.update_one(
            {"_id": job_id}, {"$setOnInsert": {"reason": reason, "at": at}}, upsert=True
        )

    async def is_cancelled(self, job_id: str) -> bool:
        return await self._cancelled.find_one({"_id": job_id}) is not None


class MembersReadModel:
    """The members' clients and activities as members publishes them, to prepare quotes."""

    def __init__(self, tx: Transaction):
        self._clients = tx.collection(CLIENTS)
        self._activities = tx.collection(ACTIVITIES)

    async def put_client(self, client_id: str, document: Document) -> None:
        await self._clients.update_one({"_id": client_id}, {"$set": document}, upsert=True)

    async def put_activity(self, member_id: str, document: Document) -> None:
        await self._activities.update_one({"_id": member_id}, {"$set": document}, upsert=True)


class Deliveries:
    """The delivery state of one kind of outgoing document (invoices, credit notes, quotes):
    each change applies only while the document is still pending."""

    def __init__(self, tx: Transaction, collection: str):
        self.collection = collection
        self._documents = tx.collection(collection)

    async def delivered(
        self, document_id: str, receipt: str | None, at: datetime, *, sent: bool = False
    ) -> bool:
        """Mark it delivered (and, with ``sent``, an issued invoice sent in the same command:
        False then also when the invoice is no longer issued)."""
        query: Document = {"_id": document_id, "delivery.status": "pending"}
        changes: Document = {
            "delivery.status": "delivered",
            "delivery.receipt": receipt,
            "delivery.delivered_at": at,
        }
        if sent:
            query["status"] = "issued"
            changes["status"] = "sent"
        changed = await self._documents.update_one(
            query, {"$set": changes, "$inc": {"delivery.attempts": 1}}
        )
        return changed == 1

    async def mark_sent(self, invoice_id: str) -> None:
        await self._documents.update_one(
            {"_id": invoice_id, "status": "issued"}, {"$set": {"status": "sent"}}
        )

    async def retry(self, document_id: str, changes: Document) -> None:
        await self._documents.update_one(
            {"_id": document_id, "delivery.status": "pending"},
            {"$set": {f"delivery.{key}": value for key, value in changes.items()}},
        )
