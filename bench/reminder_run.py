"""The daily reminder run on the embedded store: N open receivables of one entity in one
embedded MongoDB-wire server, every one with a step due, run once for the day — each reminder
numbered, stored, its receivable updated and its event in the outbox, one transaction each
(the relay to Kafka is not measured here).

    .venv/bin/python bench/reminder_run.py --receivables 10000
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pymongo import AsyncMongoClient

from smart_collections.adapters.repositories import RECEIVABLES, REMINDERS, ensure_indexes
from smart_collections.bus import CATALOGUE
from smart_collections.use_cases.run_reminders import RunReminders
from smart_common.clock import FixedClock
from smart_common.persistence import UnitOfWork
from smart_common.rulepacks import default_rule_book
from smart_devstack.mongo_server import running_server

AS_OF = date(2026, 6, 15)


def receivable(index: int) -> dict[str, object]:
    due = AS_OF - timedelta(days=8 + index % 100)
    return {
        "_id": str(uuid.uuid4()),
        "invoice_id": f"invoice-{index}",
        "invoice_number": f"BE2026-{index:06d}",
        "job_id": f"job-{index}",
        "member_id": f"member-{index % 500}",
        "client_id": f"client-{index % 2000}",
        "entity": "BE",
        "amount": f"{100 + index % 4000}.00",
        "paid": "0.00",
        "credited": "0.00",
        "currency": "EUR",
        "payment_reference": f"ref-{index}",
        "client_kind": "consumer" if index % 10 < 3 else "business",
        "language": "fr",
        "due_date": due.isoformat(),
        "guarantee_date": (due - timedelta(days=20)).isoformat(),
        "status": "open",
        "guaranteed_at": None,
        "settled_at": None,
        "opened_at": datetime.now(UTC),
        "version": 1,
    }


async def measure(uri: str, count: int) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(uri, tz_aware=True)
    database = client["collections"]
    await ensure_indexes(database)
    started = time.perf_counter()
    for first in range(0, count, 1000):
        await database[RECEIVABLES].insert_many(
            [receivable(n) for n in range(first, min(first + 1000, count))]
        )
    filled = time.perf_counter() - started
    clock = FixedClock(datetime(2026, 6, 15, 6, tzinfo=UTC))
    uow = UnitOfWork(
        client,
        database,
        source="/smart/be/collections",
        serialize=True,
        clock=clock,
        publishes=frozenset(event.event_type for event in CATALOGUE.published),
    )
    run = RunReminders(uow, clock, default_rule_book(), "BE", may_anticipate=True)
    started = time.perf_counter()
    issued = await run(AS_OF)
    elapsed = time.perf_counter() - started
    stored = await database[REMINDERS].count_documents({})
    print(
        f"{count:,} open receivables (filled in {filled:.1f} s); the day's run issued "
        f"{sum(issued.values()):,} ({issued}) in {elapsed:.1f} s "
        f"({sum(issued.values()) / elapsed:.1f} reminders/s); {stored:,} reminders stored"
    )
    started = time.perf_counter()
    again = await run(AS_OF)
    print(f"the same day again: {again or 'nothing'} in {time.perf_counter() - started:.1f} s")
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--receivables", type=int, default=10_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        with running_server(Path(folder) / "bench.sqlite") as uri:
            asyncio.run(measure(uri, arguments.receivables))


if __name__ == "__main__":
    main()
