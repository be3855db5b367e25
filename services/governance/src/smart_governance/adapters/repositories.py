"""MongoDB collections of the governance service and their indexes."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, Transaction

SUBSCRIPTIONS = "share_subscriptions"


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[SUBSCRIPTIONS].create_index([("member_id", ASCENDING)])


class Subscriptions:
    def __init__(self, tx: Transaction):
        self._subscriptions = tx.collection(SUBSCRIPTIONS)

    async def add(self, subscription: Document) -> None:
        await self._subscriptions.insert_one(subscription)
