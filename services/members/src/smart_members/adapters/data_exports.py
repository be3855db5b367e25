"""The member's data exports and the sealed chunks of the services' parts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.events.data_export import DataExportChunk
from smart_common.persistence import Document, Transaction

DATA_EXPORTS = "data_exports"
DATA_EXPORT_CHUNKS = "data_export_chunks"


async def ensure_data_export_indexes(database: AsyncDatabase[Document]) -> None:
    await database[DATA_EXPORTS].create_index(
        [("member_id", ASCENDING), ("requested_at", ASCENDING)]
    )
    await database[DATA_EXPORTS].create_index([("status", ASCENDING), ("expires_at", ASCENDING)])
    await database[DATA_EXPORT_CHUNKS].create_index(
        [("export_id", ASCENDING), ("service", ASCENDING), ("index", ASCENDING)]
    )


class DataExports:
    def __init__(self, tx: Transaction):
        self._exports = tx.collection(DATA_EXPORTS)
        self._chunks = tx.collection(DATA_EXPORT_CHUNKS)

    async def add(self, export: Document) -> None:
        await self._exports.insert_one(export)

    async def get(self, export_id: str) -> Document | None:
        return await self._exports.find_one({"_id": export_id})

    async def of_member_since(self, member_id: str, since: datetime) -> list[Document]:
        return await self._exports.find(
            {"member_id": member_id, "requested_at": {"$gte": since}},
            projection={"key": 0},
        )

    async def add_chunk(self, data: DataExportChunk, at: datetime) -> int:
        """Keep the chunk (once); how many of its part's chunks are in."""
        await self._chunks.insert_if_absent(
            {
                "_id": f"{data.export_id}:{data.service}:{data.index}",
                "export_id": data.export_id,
                "service": data.service,
                "index": data.index,
                "count": data.count,
                "sha256": data.sha256,
                "chunk": data.chunk,
                "received_at": at,
            }
        )
        found = await self._chunks.find(
            {"export_id": data.export_id, "service": data.service}, projection={"_id": 1}
        )
        return len(found)

    async def part_received(self, export_id: str, service: str) -> Document | None:
        """Mark the part complete; the export as it is now."""
        return await self._exports.find_one_and_update(
            {"_id": export_id},
            {"$set": {f"received.{service}": True}},
            return_document=True,
        )

    async def chunks(self, export_id: str) -> list[Document]:
        return await self._chunks.find(
            {"export_id": export_id}, sort=[("service", 1), ("index", 1)]
        )

    async def change(self, export_id: str, changes: dict[str, Any], *, drop_key: bool) -> None:
        update: Document = {"$set": changes}
        if drop_key:
            update["$unset"] = {"key": ""}
        await self._exports.update_one({"_id": export_id}, update)

    async def remove_chunks(self, export_id: str) -> None:
        await self._chunks.delete_many({"export_id": export_id})

    async def drop_member(self, member_id: str) -> None:
        """A member asked to be erased: their exports and every chunk of them go."""
        exports = await self._exports.find({"member_id": member_id}, projection={"_id": 1})
        ids = [export["_id"] for export in exports]
        await self._chunks.delete_many({"export_id": {"$in": ids}})
        await self._exports.delete_many({"member_id": member_id})
