"""Bookkeeping removed once its retention window has passed, so no step pays for all history.

Published outbox rows, inbox rows (events a consumer handled) and idempotency records grow
with every event and request. Each is kept for a window from the settings, then removed by a
leased periodic sweep (one replica at a time) using the injected clock — not a TTL index,
which would read the database server's time and, with a shifted development clock, remove
rows at once or never. The windows are ordered: the inbox outlives the outbox, so an event
replayed from the outbox (``replay_outbox``) is still recognised by its consumers.

Removal goes by batches of ids found first, each deleted in its own short transaction, so a
sweep never holds the database for long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from prometheus_client import Counter
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.idempotency import COLLECTION as IDEMPOTENCY
from smart_common.persistence import INBOX, OUTBOX, Document, Transaction, UnitOfWork
from smart_common.settings import ServiceSettings

BATCH = 200  # ids per delete: the embedded engine nests an $in list as an OR chain
REMOVED = Counter(
    "smart_bookkeeping_removed", "Bookkeeping rows removed after retention", ["collection"]
)


@dataclass(frozen=True)
class Retention:
    collection: str
    field: str  # the date the window runs from
    window: timedelta


def retentions(settings: ServiceSettings) -> tuple[Retention, ...]:
    return (
        Retention(OUTBOX, "published_at", timedelta(hours=settings.outbox_retention_hours)),
        Retention(INBOX, "at", timedelta(hours=settings.inbox_retention_hours)),
        Retention(IDEMPOTENCY, "at", timedelta(hours=settings.idempotency_retention_hours)),
    )


async def ensure_retention_indexes(database: AsyncDatabase[Document]) -> None:
    """The outbox's (published_at, recorded_at) index serves its sweep already."""
    for collection in (INBOX, IDEMPOTENCY):
        await database[collection].create_index([("at", 1)])


class BookkeepingSweeper:
    def __init__(self, uow: UnitOfWork, settings: ServiceSettings):
        self._uow = uow
        self._retentions = retentions(settings)

    def keep(self, retention: Retention) -> None:
        """A service's own bookkeeping swept alike (failed logins, expired sessions…)."""
        self._retentions = (*self._retentions, retention)

    async def sweep(self) -> dict[str, int]:
        """Remove what is past its window; returns how many rows per collection."""
        now = self._uow.clock.now()
        return {
            retention.collection: await self._remove(retention, now - retention.window)
            for retention in self._retentions
        }

    async def _remove(self, retention: Retention, before: object) -> int:
        removed = 0
        while True:
            # "$type": the embedded engine would otherwise count null as before any date
            expired = await self._uow.find(
                retention.collection,
                {retention.field: {"$lt": before, "$type": "date"}},
                projection={"_id": 1},
                limit=BATCH,
            )
            if not expired:
                return removed
            ids = [row["_id"] for row in expired]

            async def delete(tx: Transaction, ids: list[object] = ids) -> int:
                result = await tx.database[retention.collection].delete_many(
                    {"_id": {"$in": ids}, retention.field: {"$lt": before, "$type": "date"}},
                    session=tx.session,
                )
                return result.deleted_count

            count = await self._uow.run(delete)
            REMOVED.labels(retention.collection).inc(count)
            removed += count
            if len(ids) < BATCH:
                return removed
