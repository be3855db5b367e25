"""Exports nobody downloaded in time expire (their key and chunks are dropped); exports still
missing a part long after the request are listed for staff — a service that never answers
must reach a person."""

from __future__ import annotations

from datetime import timedelta

from smart_common.clock import Clock
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_members.adapters.data_exports import DATA_EXPORTS, DataExports


class DataExportUpkeep:
    def __init__(self, uow: UnitOfWork, clock: Clock, stalled_after: timedelta):
        self._uow = uow
        self._clock = clock
        self._stalled_after = stalled_after

    async def expire(self) -> int:
        expired = await self._uow.find(
            DATA_EXPORTS,
            {"status": "ready", "expires_at": {"$lt": self._clock.now()}},
            projection={"_id": 1},
            limit=200,
        )
        for row in expired:

            async def drop(tx: Transaction, export_id: str = row["_id"]) -> None:
                exports = DataExports(tx)
                await exports.change(export_id, {"status": "expired"}, drop_key=True)
                await exports.remove_chunks(export_id)

            await self._uow.run(drop)
        return len(expired)

    async def stalled(self) -> list[Document]:
        return await self._uow.find(
            DATA_EXPORTS,
            {
                "status": "assembling",
                "requested_at": {"$lt": self._clock.now() - self._stalled_after},
            },
            projection={"key": 0},
            sort=[("requested_at", 1)],
            limit=500,
        )
