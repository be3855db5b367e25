"""Bookkeeping past its retention window is removed; everything a replay, a redelivery or a
client's retry may still need is kept."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from pydantic import ValidationError
from pymongo import AsyncMongoClient

from smart_common.clock import FixedClock
from smart_common.idempotency import COLLECTION as IDEMPOTENCY
from smart_common.persistence import INBOX, OUTBOX, UnitOfWork
from smart_common.retention import BATCH, BookkeepingSweeper, ensure_retention_indexes
from smart_common.settings import ServiceSettings


async def test_the_sweep_removes_only_what_is_past_its_window(infrastructure):
    client: AsyncMongoClient = AsyncMongoClient(infrastructure.mongodb_uri, tz_aware=True)
    database = client[f"retention_{uuid.uuid4().hex[:10]}"]
    clock = FixedClock(date(2027, 3, 1))
    uow = UnitOfWork(client, database, source="/t", serialize=True, clock=clock)
    settings = ServiceSettings(
        outbox_retention_hours=24, inbox_retention_hours=48, idempotency_retention_hours=12
    )
    now = clock.now()
    hours = lambda n: now - timedelta(hours=n)  # noqa: E731
    try:
        await ensure_retention_indexes(database)
        await database[OUTBOX].insert_many(
            [
                {"_id": f"old-{n}", "published_at": hours(25), "recorded_at": hours(26)}
                for n in range(BATCH + 3)
            ]  # more than one batch
            + [
                {"_id": "recent", "published_at": hours(23), "recorded_at": hours(23)},
                {"_id": "never-published", "published_at": None, "recorded_at": hours(99)},
            ]
        )
        await database[INBOX].insert_many(
            [{"_id": "payroll:old", "at": hours(49)}, {"_id": "payroll:kept", "at": hours(30)}]
        )
        await database[IDEMPOTENCY].insert_many(
            [{"_id": "payments:old", "at": hours(13)}, {"_id": "payments:kept", "at": hours(11)}]
        )

        removed = await BookkeepingSweeper(uow, settings).sweep()

        assert removed == {OUTBOX: BATCH + 3, INBOX: 1, IDEMPOTENCY: 1}
        assert {d["_id"] for d in await database[OUTBOX].find().to_list()} == {
            "recent",
            "never-published",  # the relay still owes it to the broker
        }
        assert [d["_id"] for d in await database[INBOX].find().to_list()] == ["payroll:kept"]
        assert [d["_id"] for d in await database[IDEMPOTENCY].find().to_list()] == ["payments:kept"]
        assert await BookkeepingSweeper(uow, settings).sweep() == {
            OUTBOX: 0,
            INBOX: 0,
            IDEMPOTENCY: 0,
        }
    finally:
        await client.drop_database(database.name)
        await client.close()


def test_the_inbox_must_outlive_the_outbox():
    with pytest.raises(ValidationError, match="INBOX_RETENTION"):
        ServiceSettings(outbox_retention_hours=48, inbox_retention_hours=24)
