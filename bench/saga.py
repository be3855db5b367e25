"""Saga benchmark: declare N jobs concurrently against the running embedded stack (`make up`).

Prints jobs completed end to end per second and p50/p95 latency per saga step. Each job's
invoice is paid as soon as it is sent, so every job runs the whole saga:
declared → contract_generated → dimona_accepted → invoice_sent → (payment posted) →
payment_received → payslip_issued → declaration_filed.

    python bench/saga.py --jobs 200 [--members 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from smart_common.clock import Clock, SystemClock
from smart_devstack.samples import CLIENT_VAT, VALID_IBAN
from smart_devstack.stack import Stack, StackPorts

PASSWORD = "correct-horse-battery"
STEPS = [
    "contract_generated",
    "dimona_accepted",
    "invoice_sent",
    "payment_received",
    "payslip_issued",
    "declaration_filed",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def login(http: httpx.AsyncClient, members: str, email: str, password: str) -> dict[str, str]:
    response = await http.post(
        f"{members}/v1/auth/token", data={"username": email, "password": password}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def new_member(http: httpx.AsyncClient, members: str) -> tuple[dict[str, str], str]:
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


def stack_clock() -> Clock:
    """The clock of the stack `make up` started (it may run at a chosen date)."""
    stack = Stack.attach(Path(os.environ.get("STACK_DATA_DIR", ".data")))
    return stack.clock if stack is not None else SystemClock()


async def run(jobs: int, member_count: int, timeout: float) -> None:
    ports = StackPorts.from_environment()
    today = stack_clock().today()
    start = today + timedelta(days=7)  # not started yet: declared before the work
    url = {name: f"http://127.0.0.1:{port}" for name, port in ports.http.items()}
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        admin = await login(http, url["members"], "admin@example.org", "admin-change-me")
        members = await asyncio.gather(
            *(new_member(http, url["members"]) for _ in range(member_count))
        )
        print(f"{member_count} members ready; declaring {jobs} jobs concurrently…", flush=True)

        async def declare(index: int) -> tuple[dict[str, str], str, float]:
            auth, client_id = members[index % member_count]
            started = time.monotonic()
            response = await http.post(
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
                response = await http.get(
                    f"{url['members']}/v1/jobs", headers=auth, params={"limit": 500}
                )
                seen.update({job["job_id"]: job for job in response.json()})
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

    report(jobs, finished, elapsed, declare_seconds)


async def pay(
    http: httpx.AsyncClient,
    url: dict[str, str],
    admin: dict[str, str],
    auth: dict[str, str],
    job: dict[str, Any],
    today: date,
) -> None:
    invoice_id = next(e["document_id"] for e in job["timeline"] if e["step"] == "invoice_sent")
    invoice = (await http.get(f"{url['invoicing']}/v1/invoices/{invoice_id}", headers=auth)).json()
    response = await http.post(
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
