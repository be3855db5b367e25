"""MongoDB collections of the collections service and their business-key indexes."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_collections.domain.receivable import Receivable
from smart_common.persistence import Document, RetryableConflict, Transaction

RECEIVABLES = "receivables"
PAYMENTS = "payments"
CREDITS = "credits"
"""Credit notes received, applied to their receivable as soon as it exists."""
FUND_MOVEMENTS = "fund_movements"
"""The guarantee fund's books: each movement's balanced lines."""
WRITE_OFFS = "write_offs"
"""Write-offs proposed by staff and decided by an administrator."""
REMINDERS = "reminders"
"""Reminders issued, numbered, with what the client owed on their day."""
REMINDER_RUNS = "reminder_runs"
COLLECTION_CASES = "collection_cases"
"""Receivables past the schedule's last step, for the collections team."""
REFUNDS = "refunds"
"""Money sent back to a debtor: an unmatched payment, a receivable's surplus."""
GUARANTEE_RUNS = "guarantee_runs"
"""Who ran the guarantee for which day, and what it guaranteed."""


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[RECEIVABLES].create_index([("invoice_id", ASCENDING)], unique=True)
    await database[RECEIVABLES].create_index([("payment_reference", ASCENDING)], unique=True)
    await database[RECEIVABLES].create_index([("status", ASCENDING), ("guarantee_date", ASCENDING)])
    await database[RECEIVABLES].create_index([("job_id", ASCENDING)])
    await database[CREDITS].create_index([("invoice_id", ASCENDING)])
    await database[WRITE_OFFS].create_index([("receivable_id", ASCENDING), ("status", ASCENDING)])
    await database[RECEIVABLES].create_index(
        [("entity", ASCENDING), ("status", ASCENDING), ("due_date", ASCENDING)]
    )
    await database[REMINDERS].create_index([("receivable_id", ASCENDING)])
    # an unmatched payment's candidates: open receivables of its amount
    await database[RECEIVABLES].create_index([("entity", ASCENDING), ("amount", ASCENDING)])
    await database[PAYMENTS].create_index([("debtor_iban", ASCENDING), ("status", ASCENDING)])
    await database[COLLECTION_CASES].create_index([("entity", ASCENDING), ("status", ASCENDING)])
    await database[WRITE_OFFS].create_index([("entity", ASCENDING), ("status", ASCENDING)])
    await database[FUND_MOVEMENTS].create_index(
        [("entity", ASCENDING), ("currency", ASCENDING), ("at", ASCENDING)]
    )
    # payments that arrived before their invoice, looked up when it is sent
    await database[PAYMENTS].create_index(
        [("normalised_reference", ASCENDING), ("status", ASCENDING)]
    )


class Receivables:
    """Receivables, loaded and saved whole; a save applies only to the version loaded
    (optimistic concurrency), and records the events the receivable raised."""

    def __init__(self, tx: Transaction):
        self._tx = tx
        self._receivables = tx.collection(RECEIVABLES)

    @staticmethod
    def _loaded(document: Document | None) -> Receivable | None:
        return None if document is None else Receivable(document)

    async def get(self, receivable_id: str) -> Receivable | None:
        return self._loaded(await self._receivables.find_one({"_id": receivable_id}))

    async def of_invoice(self, invoice_id: str) -> Receivable | None:
        return self._loaded(await self._receivables.find_one({"invoice_id": invoice_id}))

    async def exists_for_invoice(self, invoice_id: str) -> bool:
        found = await self._receivables.find_one({"invoice_id": invoice_id}, projection={"_id": 1})
        return found is not None

    async def carrying(self, reference: str, entity: str) -> Receivable | None:
        """The receivable a structured communication names in the entity."""
        return self._loaded(
            await self._receivables.find_one({"payment_reference": reference, "entity": entity})
        )

    async def add(self, receivable: Receivable) -> None:
        await self._receivables.insert_one(receivable.document | {"version": 1})
        receivable.document["version"] = 1
        await receivable.record_raised(self._tx)

    async def _book(self, receivable: Receivable, version: int) -> None:
        """The fund movements of this save, named by the receivable's version: written with
        it, never twice."""
        if not receivable.movements:
            return
        await self._tx.collection(FUND_MOVEMENTS).insert_many(
            [
                {
                    "_id": f"{receivable.id}:{version}:{index}",
                    "entity": receivable.entity,
                    "currency": movement.currency,
                    "receivable_id": receivable.id,
                    "invoice_id": receivable.document["invoice_id"],
                    "invoice_number": receivable.document.get("invoice_number"),
                    "kind": str(movement.kind),
                    "amount": str(movement.amount),
                    "at": movement.at,
                    "lines": [
                        {"account": str(line.account), "amount": str(line.amount)}
                        for line in movement.lines
                    ],
                }
                for index, movement in enumerate(receivable.movements)
            ]
        )
        receivable.movements = []

    async def save(self, receivable: Receivable) -> None:
        if receivable.changes:
            version = receivable.document.get("version")
            loaded = {"version": version} if version else {"version": {"$exists": False}}
            changed = await self._receivables.update_one(
                {"_id": receivable.id, **loaded},
                {"$set": receivable.changes, "$inc": {"version": 1}},
            )
            if not changed:
                raise RetryableConflict(f"receivable {receivable.id} changed meanwhile")
            receivable.document["version"] = (version or 0) + 1
            receivable.changes = {}
            await self._book(receivable, receivable.document["version"])
        await receivable.record_raised(self._tx)


class Payments:
    def __init__(self, tx: Transaction):
        self._payments = tx.collection(PAYMENTS)

    async def add(self, payment: Document) -> None:
        await self._payments.insert_one(payment)

    async def waiting_for(self, reference: str, entity: str, currency: str) -> list[Document]:
        """Payments that came before the receivable their communication names, oldest first."""
        return await self._payments.find(
            {
                "status": "unmatched",
                "normalised_reference": reference,
                "entity": entity,
                "currency": currency,
            },
            sort=[("recorded_at", 1)],
        )

    async def matched(self, payment: Document) -> None:
        await self._payments.update_one(
            {"_id": payment["_id"]},
            {
                "$set": {
                    key: payment.get(key)
                    for key in ("status", "receivable_id", "invoice_id", "job_id", "client_id")
                },
                "$unset": {"unmatched_reason": "", "proposal": ""},
            },
        )


class Credits:
    """Credit notes received, kept until their receivable exists."""

    def __init__(self, tx: Transaction):
        self._credits = tx.collection(CREDITS)

    async def exists(self, credit_note_id: str) -> bool:
        return await self._credits.find_one({"_id": credit_note_id}) is not None

    async def add(self, credit: Document) -> None:
        await self._credits.insert_one(credit)

    async def pending_for(self, invoice_id: str) -> list[Document]:
        return await self._credits.find({"invoice_id": invoice_id, "applied": False})

    async def applied(self, credit_note_id: str) -> None:
        await self._credits.update_one({"_id": credit_note_id}, {"$set": {"applied": True}})
