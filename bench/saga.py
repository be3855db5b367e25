"""Saga benchmark: declare N jobs concurrently against the running embedded stack (`make up`).

First measures the infrastructure bound on the same machine: three-write transactions per
second of one embedded MongoDB-wire server (a fresh one) and records per second through the
stack's broker. Then runs the saga and prints jobs completed end to end per second, p50/p95
latency per saga step, database commands per job (per service and command, from each service's
``smart_db_commands_total``), Kafka records per job (published, consumed), and the ratio of the
saga's transactions per second to the bound. Each job's invoice is paid as soon as it is sent,
so every job runs the whole saga: declared → contract_generated → dimona_accepted →
invoice_sent → (payment posted) → payment_received → payslip_issued → declaration_filed.
The command counts include the benchmark's own requests (its polling of the job lists, one
invoice read and one payment per job).

    python bench/saga.py --jobs 200 [--members 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from prometheus_client.parser import text_string_to_metric_families
from pymongo import AsyncMongoClient

from smart_common.clock import Clock, SystemClock
from smart_devstack.mailbox import wait_for_token
from smart_devstack.mongo_server import running_server
from smart_devstack.samples import CLIENT_VAT, VALID_IBAN
from smart_devstack.stack import SERVICES, Stack, StackPorts

PASSWORD = "correct-horse-battery"
STEPS = [
    "contract_generated",
    "dimona_accepted",
    "invoice_sent",
    "payment_received",
    "payslip_issued",
    "declaration_filed",
]


BOUND_SECONDS = 3.0
BROKER_RECORDS = 3000


async def transactions_per_second(uri: str) -> float:
    """Sequential three-write transactions (state, outbox, inbox) on one server."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(uri)
    database = client["bound"]
    count, began = 0, time.monotonic()
    while time.monotonic() - began < BOUND_SECONDS:
        async with client.start_session() as session:
            async with await session.start_transaction():
                await database.state.insert_one({"_id": f"s{count}", "n": count}, session=session)
                await database.outbox.insert_one({"_id": f"o{count}"}, session=session)
                await database.inbox.insert_one({"_id": f"i{count}"}, session=session)
        count += 1
    elapsed = time.monotonic() - began
    await client.close()
    return count / elapsed


async def broker_records_per_second(bootstrap: str) -> float:
    """Records produced to a fresh topic and consumed back, per second."""
    topic = f"bench-bound-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await producer.start()
    await consumer.start()
    try:
        began = time.monotonic()
        sent = [
            await producer.send(topic, b"x" * 512, key=str(n % 50).encode())
            for n in range(BROKER_RECORDS)
        ]
        await asyncio.gather(*sent)
        received = 0
        while received < BROKER_RECORDS:
            batches = await consumer.getmany(timeout_ms=1000, max_records=500)
            received += sum(len(records) for records in batches.values())
        return BROKER_RECORDS / (time.monotonic() - began)
    finally:
        await producer.stop()
        await consumer.stop()


async def infrastructure_bound(bootstrap: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        with running_server(Path(folder) / "bound.sqlite") as uri:
            transactions = await transactions_per_second(uri)
    return transactions, await broker_records_per_second(bootstrap)


async def counters(http: httpx.AsyncClient, url: dict[str, str]) -> dict[tuple[str, ...], float]:
    """Database commands per (service, command) and Kafka records published / consumed."""
    totals: dict[tuple[str, ...], float] = defaultdict(float)
    for service in SERVICES:
        text = (await http.get(f"{url[service]}/metrics")).text
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == "smart_db_commands_total":
                    command = sample.labels["command"]
                    if collection := sample.labels.get("collection"):
                        command = f"{command} {collection}"
                    totals[("db", service, command)] += sample.value
                elif sample.name == "smart_events_published_total":
                    totals[("kafka", "published")] += sample.value
                elif sample.name == "smart_events_consumed_total":
                    totals[("kafka", "consumed")] += sample.value
    return totals


async def retried(http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """A request a client may repeat (a read, or a write with an Idempotency-Key), sent again
    when the connection drops (a kept-alive connection the server closed meanwhile)."""
    for attempt in range(1, 4):
        try:
            return await http.request(method, url, **kwargs)
        except httpx.TransportError:
            if attempt == 3:
                raise
            await asyncio.sleep(0.5 * attempt)
    raise AssertionError("unreachable")


async def job_list(
    http: httpx.AsyncClient, url: dict[str, str], auth: dict[str, str]
) -> list[dict[str, Any]]:
    response = await retried(
        http, "GET", f"{url['members']}/v1/jobs", headers=auth, params={"limit": 500}
    )
    response.raise_for_status()
    return list(response.json())


async def polling_cost(
    http: httpx.AsyncClient, url: dict[str, str], auths: list[dict[str, str]]
) -> dict[tuple[str, ...], float]:
    """What one job-list poll costs, measured on an idle stack before the run."""
    before = await counters(http, url)
    rounds = 3
    for _ in range(rounds):
        for auth in auths:
            await job_list(http, url, auth)
    after = await counters(http, url)
    return {key: (after[key] - before.get(key, 0.0)) / (rounds * len(auths)) for key in after}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def login(http: httpx.AsyncClient, members: str, email: str, password: str) -> dict[str, str]:
    response = await http.post(
        f"{members}/v1/auth/token", data={"username": email, "password": password}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def new_member(
    http: httpx.AsyncClient, members: str, mail_dir: Path
) -> tuple[dict[str, str], str]:
    email = f"bench-{uuid.uuid4().hex[:10]}@example.org"
    response = await http.post(
        f"{members}/v1/members",
        json={
            "email": email,
            "password": PASSWORD,
            "first_name": "Bench",
            "last_name": "Member",
            "entity": "BE",
            "iban": VALID_IBAN,
        },
    )
    response.raise_for_status()
    token = await asyncio.to_thread(wait_for_token, mail_dir, email, timeout=120)
    verified = await http.get(f"{members}/v1/members/email-verification", params={"token": token})
    verified.raise_for_status()
    auth = await login(http, members, email, PASSWORD)
    client = await http.post(
        f"{members}/v1/clients",
        headers=auth,
        json={
            "name": "Bench client",
            "vat_number": CLIENT_VAT,
            "address": {
                "street": "Rue 1",
                "postal_code": "1000",
                "city": "Bruxelles",
                "country": "BE",
            },
            "country": "BE",
            "email": "client@example.org",
            "language": "fr",
        },
    )
    client.raise_for_status()
    return auth, client.json()["client_id"]


def stack_data_dir() -> Path:
    return Path(os.environ.get("STACK_DATA_DIR", ".data"))


def stack_clock() -> Clock:
    """The clock of the stack `make up` started (it may run at a chosen date)."""
    stack = Stack.attach(stack_data_dir())
    return stack.clock if stack is not None else SystemClock()


async def run(jobs: int, member_count: int, timeout: float) -> None:
    ports = StackPorts.from_environment()
    today = stack_clock().today()
    start = today + timedelta(days=7)  # not started yet: declared before the work
    url = {name: f"http://127.0.0.1:{port}" for name, port in ports.http.items()}
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    print("measuring the infrastructure bound…", flush=True)
    bound_transactions, bound_records = await infrastructure_bound(f"127.0.0.1:{ports.kafka}")
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        admin = await login(http, url["members"], "admin@example.org", "admin-change-me")
        members = await asyncio.gather(
            *(
                new_member(http, url["members"], stack_data_dir() / "mail")
                for _ in range(member_count)
            )
        )
        print(f"{member_count} members ready; declaring {jobs} jobs concurrently…", flush=True)

        async def declare(index: int) -> tuple[dict[str, str], str, float]:
            auth, client_id = members[index % member_count]
            started = time.monotonic()
            response = await retried(
                http,
                "POST",
                f"{url['members']}/v1/jobs",
                headers=auth | {"Idempotency-Key": uuid.uuid4().hex},
                json={
                    "client_id": client_id,
                    "description": f"Bench job {index}",
                    "occupation_code": "2166",
                    "start_date": start.isoformat(),
                    "end_date": (start + timedelta(days=1)).isoformat(),
                    "worked_days": 2,
                    "amount_excl_vat": "1000.00",
                    "currency": "EUR",
                    "contract_type": "employee",
                    "expenses": "0.00",
                },
            )
            response.raise_for_status()
            return auth, response.json()["job_id"], time.monotonic() - started

        polling = await polling_cost(http, url, [auth for auth, _ in members])
        polls = 0
        before = await counters(http, url)
        began = time.monotonic()
        declared = await asyncio.gather(*(declare(index) for index in range(jobs)))
        declare_seconds = [seconds for _, _, seconds in declared]
        pending = {job_id: auth for auth, job_id, _ in declared}
        paid: dict[str, float] = {}
        finished: dict[str, dict[str, Any]] = {}
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            seen: dict[str, dict[str, Any]] = {}
            for auth, _ in members:
                seen.update({job["job_id"]: job for job in await job_list(http, url, auth)})
                polls += 1
            payments = []
            for job_id in list(pending):
                job = seen.get(job_id)
                if job is None:
                    continue
                steps = {entry["step"] for entry in job["timeline"]}
                if "declaration_filed" in steps and "payslip_issued" in steps:
                    finished[job_id] = job
                    del pending[job_id]
                elif "invoice_sent" in steps and job_id not in paid:
                    paid[job_id] = time.monotonic()
                    payments.append(pay(http, url, admin, pending[job_id], job, today))
            await asyncio.gather(*payments)
            await asyncio.sleep(0.5)  # the timeline's own timestamps measure the steps
        elapsed = time.monotonic() - began
        after = await counters(http, url)

    report(jobs, finished, elapsed, declare_seconds)
    # the benchmark's own polling of the job lists is not the saga's work
    used = {key: after[key] - before.get(key, 0.0) - polls * polling.get(key, 0.0) for key in after}
    print(f"\n(commands of the benchmark's {polls} job-list polls subtracted)")
    report_costs(len(finished), elapsed, used, bound_transactions, bound_records)


async def pay(
    http: httpx.AsyncClient,
    url: dict[str, str],
    admin: dict[str, str],
    auth: dict[str, str],
    job: dict[str, Any],
    today: date,
) -> None:
    invoice_id = next(e["document_id"] for e in job["timeline"] if e["step"] == "invoice_sent")
    invoice_url = f"{url['invoicing']}/v1/invoices/{invoice_id}"
    invoice = (await retried(http, "GET", invoice_url, headers=auth)).json()
    response = await retried(
        http,
        "POST",
        f"{url['collections']}/v1/payments",
        headers=admin | {"Idempotency-Key": f"bench-payment-{invoice_id}"},
        json={
            "amount": invoice["total_incl_vat"],
            "currency": "EUR",
            "reference": invoice["payment_reference"],
            "value_date": today.isoformat(),
        },
    )
    response.raise_for_status()


def report(
    jobs: int, finished: dict[str, dict[str, Any]], elapsed: float, declare_seconds: list[float]
) -> None:
    print(f"\njobs declared: {jobs}; completed end to end: {len(finished)} in {elapsed:.1f} s")
    print(f"throughput: {len(finished) / elapsed:.2f} jobs/s end to end")
    print(
        f"POST /v1/jobs latency: p50 {percentile(declare_seconds, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(declare_seconds, 0.95) * 1000:.0f} ms"
    )
    print(f"\n{'step (from the previous step)':<32}{'p50 s':>8}{'p95 s':>8}")
    previous = "declared"
    for step in STEPS:
        gaps = []
        for job in finished.values():
            at = {entry["step"]: datetime.fromisoformat(entry["at"]) for entry in job["timeline"]}
            if step in at and previous in at:
                gaps.append((at[step] - at[previous]).total_seconds())
        if gaps:
            label = f"{previous} → {step}"
            print(f"{label:<32}{percentile(gaps, 0.5):>8.2f}{percentile(gaps, 0.95):>8.2f}")
        previous = step
    totals = [
        (
            datetime.fromisoformat(job["timeline"][-1]["at"])
            - datetime.fromisoformat(job["timeline"][0]["at"])
        ).total_seconds()
        for job in finished.values()
    ]
    if totals:
        print(
            f"{'whole saga (incl. payment wait)':<32}{statistics.median(totals):>8.2f}"
            f"{percentile(totals, 0.95):>8.2f}"
        )


def report_costs(
    completed: int,
    elapsed: float,
    used: dict[tuple[str, ...], float],
    bound_transactions: float,
    bound_records: float,
) -> None:
    if not completed:
        return
    print(f"\n{'database commands per job':<40}{'count':>8}")
    database = {key: value for key, value in used.items() if key[0] == "db" and value}
    for service in SERVICES:
        rows = sorted(
            ((key[2], value) for key, value in database.items() if key[1] == service),
            key=lambda row: -row[1],
        )
        total = sum(value for _, value in rows)
        print(f"{service:<40}{total / completed:>8.1f}")
        for command, value in rows:
            print(f"  {command:<38}{value / completed:>8.1f}")
    print(f"{'all services':<40}{sum(database.values()) / completed:>8.1f}")
    print(
        f"\nKafka records per job: published {used.get(('kafka', 'published'), 0) / completed:.1f}"
        f", consumed {used.get(('kafka', 'consumed'), 0) / completed:.1f}"
    )
    commits = sum(value for key, value in database.items() if key[2] == "commitTransaction")
    saga_rate = commits / elapsed
    print(
        f"\ninfrastructure bound: {bound_transactions:.0f} three-write transactions/s on one "
        f"embedded server; {bound_records:.0f} records/s through the broker"
    )
    print(
        f"saga: {saga_rate:.1f} transactions/s over five servers "
        f"({commits / completed:.1f} per job); ratio to one server's bound "
        f"{saga_rate / bound_transactions:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=600)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.jobs, arguments.members, arguments.timeout))


if __name__ == "__main__":
    main()
