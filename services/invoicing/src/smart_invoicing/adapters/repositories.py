"""MongoDB collections of the invoicing service and their business-key indexes."""

from __future__ import annotations

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, Transaction

INVOICES = "invoices"
CREDIT_NOTES = "credit_notes"
SERIES = "numbering_series"
HIRING_CLEARANCES = "hiring_clearances"
"""Jobs whose hiring declaration was accepted: their invoices may be delivered."""
CANCELLED_JOBS = "cancelled_jobs"
"""Jobs cancelled by their member: no invoice is issued for them any more."""
QUOTES = "quotes"
CLIENTS = "clients"
"""Read model: the members' clients (from ``client.registered``), to prepare quotes."""
ACTIVITIES = "activities"
"""Read model: each member's activity (from ``member.activity_updated``)."""
DELIVERABLE = (INVOICES, CREDIT_NOTES, QUOTES)


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[INVOICES].create_index([("job_id", ASCENDING)], unique=True)
    for collection in DELIVERABLE:
        await database[collection].create_index([("number", ASCENDING)], unique=True)
        await database[collection].create_index([("delivery.status", ASCENDING)])
    await database[CREDIT_NOTES].create_index([("invoice_id", ASCENDING)])
    await database[QUOTES].create_index([("member_id", ASCENDING)])


async def next_number(tx: Transaction, series: str) -> int:
    """The next number of a series, in the caller's transaction: a rollback leaves no gap."""
    counter = await tx.collection(SERIES).find_one_and_update(
        {"_id": series},
        {"$inc": {"last": 1}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    assert counter is not None
    return int(counter["last"])
