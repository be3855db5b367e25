"""Cost of the embedded MongoDB-wire server as a collection grows.

    python bench/embedded_store.py [--sizes 1000 10000 100000] [--samples 200]

Starts one embedded server (``smart_devstack.mongo_server``, a fresh SQLite file) and, for each
size, fills a collection shaped like the suite's bookkeeping (string ``_id``, one unique and
one plain index, a status most documents have left), then times through the real driver:

- insert: one ``insert_one``;
- lookup: ``find_one`` on the unique indexed field;
- status query: the workers' query, a few pending documents among many done
  (``{"status": "pending"}`` sorted by date, limited);
- relay query: the outbox relay's, the same few by ``{"published_at": None}``;
- transaction: three writes in one transaction (insert, update of the inserted document's
  neighbour, insert into a second collection), as a use case commits state + outbox + inbox.

Prints the median and p95 per operation and size, and each size's median over the first size's.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pymongo import ASCENDING, AsyncMongoClient

from smart_devstack.mongo_server import running_server

FILL_BATCH = 1000
PENDING = 20  # documents still pending at any size: the relay's backlog is small


def document(index: int, status: str) -> dict[str, Any]:
    return {
        "_id": f"doc-{uuid.uuid4().hex}",
        "key": f"key-{index:09d}",
        "status": status,
        "recorded_at": datetime.now(UTC),
        "published_at": None if status == "pending" else datetime.now(UTC),
        "payload": {"amount": "1000.00", "text": "x" * 200},
    }


async def timed(operation: Callable[[], Awaitable[Any]], samples: int) -> list[float]:
    durations = []
    for _ in range(samples):
        began = time.perf_counter()
        await operation()
        durations.append(time.perf_counter() - began)
    return durations


async def measure(uri: str, sizes: list[int], samples: int) -> dict[str, dict[int, list[float]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri)
    database = client["bench"]
    items, other = database["items"], database["other"]
    await items.create_index([("key", ASCENDING)], unique=True)
    await items.create_index([("status", ASCENDING), ("recorded_at", ASCENDING)])
    await items.create_index([("published_at", ASCENDING), ("recorded_at", ASCENDING)])
    await other.create_index([("key", ASCENDING)], unique=True)
    await items.insert_many([document(index, "pending") for index in range(PENDING)])
    results: dict[str, dict[int, list[float]]] = {
        name: {} for name in ("insert", "lookup", "status query", "relay query", "transaction")
    }
    count = PENDING
    for size in sizes:
        began = time.perf_counter()
        while count < size:
            batch = min(FILL_BATCH, size - count)
            await items.insert_many([document(count + n, "done") for n in range(batch)])
            count += batch
        print(f"filled to {size} documents in {time.perf_counter() - began:.1f} s", flush=True)

        async def insert() -> None:
            nonlocal count
            await items.insert_one(document(count, "done"))
            count += 1

        async def lookup(size: int = size) -> None:
            assert await items.find_one({"key": f"key-{random.randrange(size):09d}"})

        async def status_query() -> None:
            cursor = items.find({"status": "pending"}).sort("recorded_at", 1).limit(100)
            assert len([found async for found in cursor]) == PENDING

        async def relay_query() -> None:
            cursor = items.find({"published_at": None}).sort([("recorded_at", 1), ("_id", 1)])
            assert len([found async for found in cursor.limit(100)]) == PENDING

        async def transaction() -> None:
            nonlocal count
            async with client.start_session() as session:
                async with await session.start_transaction():
                    await items.insert_one(document(count, "done"), session=session)
                    await items.update_one(
                        {"key": f"key-{count - 1:09d}"},
                        {"$set": {"status": "done"}},
                        session=session,
                    )
                    await other.insert_one(document(count, "done"), session=session)
            count += 1

        results["insert"][size] = await timed(insert, samples)
        results["lookup"][size] = await timed(lookup, samples)
        results["status query"][size] = await timed(status_query, samples)
        results["relay query"][size] = await timed(relay_query, samples)
        results["transaction"][size] = await timed(transaction, samples)
    await client.close()
    return results


def report(results: dict[str, dict[int, list[float]]], sizes: list[int]) -> None:
    def p95(values: list[float]) -> float:
        return sorted(values)[round(0.95 * (len(values) - 1))]

    header = "".join(f"{f'{size:,} p50/p95 ms':>22}" for size in sizes)
    print(f"\n{'operation':<14}{header}{'ratio':>8}")
    for name, by_size in results.items():
        cells = "".join(
            f"{statistics.median(by_size[size]) * 1000:>14.2f} / {p95(by_size[size]) * 1000:>5.2f}"
            for size in sizes
        )
        ratio = statistics.median(by_size[sizes[-1]]) / statistics.median(by_size[sizes[0]])
        print(f"{name:<14}{cells}{ratio:>8.2f}")
    print(f"\nratio: median at {sizes[-1]:,} ÷ median at {sizes[0]:,} (target ≤ 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--samples", type=int, default=200)
    arguments = parser.parse_args()
    sizes = sorted(arguments.sizes)
    with tempfile.TemporaryDirectory() as folder:
        with running_server(Path(folder) / "bench.sqlite") as uri:
            results = asyncio.run(measure(uri, sizes, arguments.samples))
    report(results, sizes)


if __name__ == "__main__":
    main()
