"""A general assembly's electronic vote at the cooperative's scale, over HTTP on the embedded
stack (members for the token keys, governance as its own process): N shareholders of record
(their paid subscriptions written into governance's database before it starts), the assembly
convened (its roll and convocations drawn up in batches), the ballot box opened, one ballot
paper per voter (``--items`` resolutions on it) cast over HTTP by concurrent clients, then the
close (the tally of every ballot) and the published results.

    .venv/bin/python bench/assembly_vote.py --voters 30000 [--concurrency 48] [--items 1]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from smart_common.auth import Role, TokenCodec
from smart_common.settings import ServiceSettings
from smart_devstack.stack import Stack, StackPorts
from smart_governance.adapters.repositories import ensure_indexes

SERVICES = ("members", "governance")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def seed(uri: str, voters: int, today: str) -> None:
    """``voters`` members each holding one paid share of category A."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri)
    try:
        await ensure_indexes(client["governance"])  # on an empty database: fast
        collection = client["governance"]["share_subscriptions"]
        batch = []
        for number in range(voters):
            batch.append(
                {
                    "_id": str(uuid.uuid4()),
                    "member_id": f"voter-{number:06d}",
                    "entity": "BE",
                    "category": "A",
                    "holder": "user",
                    "shares": 1,
                    "outstanding": 1,
                    "available": 1,
                    "unit_price": "30.00",
                    "total": "30.00",
                    "currency": "EUR",
                    "status": "paid",
                    "payment_reference": None,
                    "subscribed_at": datetime.now(UTC),
                    "paid_on": today,
                }
            )
            if len(batch) == 1000:
                await collection.insert_many(batch)
                batch = []
        if batch:
            await collection.insert_many(batch)
    finally:
        await client.close()


async def drawn_up(client: httpx.AsyncClient, admin: dict[str, str], assembly_id: str) -> Any:
    """The assembly once the roll worker has written its roll and convocations."""
    for _ in range(6000):
        assembly = (await client.get(f"/v1/assemblies/{assembly_id}", headers=admin)).json()
        if assembly["status"] != "convening":
            return assembly
        await asyncio.sleep(0.1)
    raise RuntimeError("the roll was not drawn up within 10 minutes")


async def cast_all(
    base: str, assembly_id: str, tokens: list[str], concurrency: int, items: int
) -> tuple[float, list[float], int]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for token in tokens:
        queue.put_nowait(token)
    latencies: list[float] = []
    refused = 0
    body = {"choices": {f"item-{number}": "yes" for number in range(1, items + 1)}}

    async def voter(client: httpx.AsyncClient) -> None:
        nonlocal refused
        while not queue.empty():
            token = queue.get_nowait()
            started = time.perf_counter()
            answer = await client.post(
                f"/v1/assemblies/{assembly_id}/ballots",
                json=body,
                headers={"Authorization": f"Bearer {token}"},
            )
            latencies.append(time.perf_counter() - started)
            if answer.status_code != 201:
                refused += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(voter(client) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, refused


async def run(voters: int, concurrency: int, items: int, folder: Path) -> None:
    stack = Stack(folder, StackPorts.free(), topic_prefix=f"bench{uuid.uuid4().hex[:6]}.")
    try:
        stack.start_infrastructure()  # the register is written before governance starts
        today = stack.clock.today()
        await seed(stack.service_env("governance")["SMART_MONGODB_URI"], voters, today.isoformat())
        stack.start(SERVICES, timeout=600)
        codec = TokenCodec(
            ServiceSettings(entity="BE", token_signing_key=stack.token_signing_key())
        )
        admin = {"Authorization": f"Bearer {codec.issue('board', 'BE', frozenset({Role.ADMIN}))}"}
        tokens = [
            codec.issue(f"voter-{number:06d}", "BE", frozenset({Role.MEMBER}))
            for number in range(voters)
        ]
        base = stack.url("governance")
        starts = datetime.combine(today + timedelta(days=30), clock_time(10), tzinfo=UTC)
        async with httpx.AsyncClient(base_url=base, timeout=600) as client:
            started = time.perf_counter()
            convened = await client.post(
                "/v1/assemblies",
                json={
                    "kind": "ordinary",
                    "title": "Benchmark assembly",
                    "starts_at": starts.isoformat(),
                    "agenda": [
                        {"title": f"Resolution {number}", "decision": "ordinary"}
                        for number in range(1, items + 1)
                    ],
                },
                headers=admin | {"Idempotency-Key": str(uuid.uuid4())},
            )
            assert convened.status_code == 201, convened.text
            assembly_id = convened.json()["assembly_id"]
            assembly = await drawn_up(client, admin, assembly_id)
            convene_seconds = time.perf_counter() - started
            opened = await client.post(
                f"/v1/assemblies/{assembly_id}/vote/opening", json={}, headers=admin
            )
            assert opened.status_code == 200, opened.text
        elapsed, latencies, refused = await cast_all(base, assembly_id, tokens, concurrency, items)
        async with httpx.AsyncClient(base_url=base, timeout=600) as client:
            started = time.perf_counter()
            closed = await client.post(f"/v1/assemblies/{assembly_id}/vote/closing", headers=admin)
            close_seconds = time.perf_counter() - started
            assert closed.status_code == 200, closed.text
            started = time.perf_counter()
            results = await client.get(f"/v1/assemblies/{assembly_id}/results", headers=admin)
            results_seconds = time.perf_counter() - started
            assert results.status_code == 200, results.text
        published = results.json()
        first = published["results"][0]
        print(f"voters on the roll        {assembly['entitled']:>10,}")
        print(f"convened (roll + batches) {convene_seconds:>10.2f} s")
        cast = voters - refused
        print(
            f"ballot papers cast (HTTP) {cast:>10,} in {elapsed:.1f} s = {cast / elapsed:.0f}/s; "
            f"{items} item(s) each: {items * cast / elapsed:.0f} ballots/s; {concurrency} clients"
        )
        print(
            f"  latency p50 / p95       {statistics.median(latencies) * 1000:>7.0f} ms / "
            f"{percentile(latencies, 0.95) * 1000:.0f} ms; refused {refused}"
        )
        ballots = len(published["ballots"])
        print(f"closed and tallied        {close_seconds:>10.2f} s ({ballots:,} ballots)")
        print(f"results published (GET)   {results_seconds:>10.2f} s")
        print(f"item-1: yes {first['yes']:,}, passed {first['passed']}")
    finally:
        stack.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=30000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--items", type=int, default=1, help="resolutions on each ballot paper")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(arguments.voters, arguments.concurrency, arguments.items, Path(folder)))


if __name__ == "__main__":
    main()
