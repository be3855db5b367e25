"""Two replicas of a service: background work runs in one of them at a time."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from pymongo import AsyncMongoClient

from smart_common.clock import FixedClock
from smart_common.leases import Lease
from smart_common.persistence import UnitOfWork


async def test_a_lease_is_held_by_one_replica_until_it_expires_or_is_released(infrastructure):
    client: AsyncMongoClient = AsyncMongoClient(infrastructure.mongodb_uri, tz_aware=True)
    database = client[f"leases_{uuid.uuid4().hex[:10]}"]
    clock = FixedClock(date(2027, 1, 4))
    uow = UnitOfWork(client, database, source="/t", serialize=True, clock=clock)
    first = Lease(uow, "worker:hiring-declarations", "replica-a", ttl_seconds=10)
    second = Lease(uow, "worker:hiring-declarations", "replica-b", ttl_seconds=10)
    try:
        assert await first.acquire() is True
        assert await second.acquire() is False  # a rolling update: the new replica waits
        clock.advance(timedelta(seconds=5))
        assert await first.acquire() is True  # still fresh: no write needed
        clock.advance(timedelta(seconds=6))
        assert await first.acquire() is True  # renewed before it expired
        assert await second.acquire() is False
        clock.advance(timedelta(seconds=11))  # replica-a stopped answering (SIGSTOP, crash)
        assert await second.acquire() is True
        assert await first.acquire() is False
        await second.release()  # a clean stop hands over at once
        assert await first.acquire() is True
    finally:
        await client.close()
