"""Members' erasure requests and the reports the services sent back."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, Transaction

ERASURES = "erasures"


async def ensure_erasure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[ERASURES].create_index([("entity", ASCENDING), ("requested_at", DESCENDING)])


class Erasures:
    def __init__(self, tx: Transaction):
        self._erasures = tx.collection(ERASURES)

    async def add(self, erasure: Document) -> None:
        await self._erasures.insert_one(erasure)

    async def report(
        self, erasure_id: str, member_id: str, service: str, report: Document
    ) -> Document | None:
        """Keep one service's report (the same again changes nothing); the erasure as it is
        now, None when it was not asked of that service."""
        return await self._erasures.find_one_and_update(
            {"_id": erasure_id, "member_id": member_id, "services": service},
            {"$set": {f"reports.{service}": report}},
            return_document=ReturnDocument.AFTER,
        )

    async def complete(self, erasure_id: str, at: datetime) -> None:
        await self._erasures.update_one(
            {"_id": erasure_id, "status": "in_progress"},
            {"$set": {"status": "completed", "completed_at": at}},
        )
