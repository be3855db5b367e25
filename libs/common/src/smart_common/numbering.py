"""Gapless numbers of a series (invoices, reminders): taken in the caller's transaction, so a
rollback leaves no gap and two transactions never share one."""

from __future__ import annotations

from pymongo import ReturnDocument

from smart_common.persistence import Transaction

SERIES = "numbering_series"


async def next_number(tx: Transaction, series: str) -> int:
    """The next number of ``series``."""
    counter = await tx.collection(SERIES).find_one_and_update(
        {"_id": series},
        {"$inc": {"last": 1}},
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    assert counter is not None
    return int(counter["last"])
