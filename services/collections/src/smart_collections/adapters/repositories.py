"""MongoDB collections of the collections service and their business-key indexes."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document

RECEIVABLES = "receivables"
PAYMENTS = "payments"
CREDITS = "credits"
"""Credit notes received, applied to their receivable as soon as it exists."""


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[RECEIVABLES].create_index([("invoice_id", ASCENDING)], unique=True)
    await database[RECEIVABLES].create_index([("payment_reference", ASCENDING)], unique=True)
    await database[RECEIVABLES].create_index([("status", ASCENDING), ("guarantee_date", ASCENDING)])
    await database[RECEIVABLES].create_index([("job_id", ASCENDING)])
    await database[CREDITS].create_index([("invoice_id", ASCENDING)])
    # payments that arrived before their invoice, looked up when it is sent
    await database[PAYMENTS].create_index(
        [("normalised_reference", ASCENDING), ("status", ASCENDING)]
    )
