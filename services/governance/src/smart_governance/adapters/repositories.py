"""MongoDB collections of the governance service and their indexes."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, Transaction

SUBSCRIPTIONS = "share_subscriptions"
MEMBERS = "members"


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[SUBSCRIPTIONS].create_index([("member_id", ASCENDING)])


class Subscriptions:
    def __init__(self, tx: Transaction):
        self._subscriptions = tx.collection(SUBSCRIPTIONS)

    async def add(self, subscription: Document) -> None:
        await self._subscriptions.insert_one(subscription)


class Members:
    """The members governance knows of: their id and entity, nothing personal."""

    def __init__(self, tx: Transaction):
        self._members = tx.collection(MEMBERS)

    async def add(self, member_id: str, entity: str, registered_at: datetime) -> None:
        await self._members.insert_if_absent(
            {"_id": member_id, "entity": entity, "registered_at": registered_at}
        )

    async def exists(self, member_id: str, entity: str) -> bool:
        return await self._members.find_one({"_id": member_id, "entity": entity}) is not None
