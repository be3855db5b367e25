"""The chaos harness: many sagas over HTTP while processes are killed, paused and restarted.

``python -m smart_devstack.chaos --sagas 200`` (``make chaos CHAOS_ARGS="--sagas 200"``) starts
its own embedded stack (free ports, a fresh folder) and drives N sagas like the front end:
paid, guaranteed, cancelled, refused-then-corrected. Meanwhile a fault injector, at random
times, SIGKILLs a service and starts it again, SIGSTOPs one past its consumer session timeout,
restarts the broker (the embedded broker forgets its log: every service is restarted and every
outbox replayed) and replays every outbox (each event delivered twice, out of order across
partitions). The oracle then reads the services' APIs and databases and prints, last:

``chaos: N sagas; completed C; compensated K; stalled S; lost L; duplicated D; dead letters X;
faults F``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from smart_common.persistence import is_transient
from smart_devstack.mailbox import latest_token
from smart_devstack.replay import replay_all
from smart_devstack.samples import business_client_body, member_body
from smart_devstack.stack import SERVICES, Stack, StackPorts

KINDS = ("paid", "guaranteed", "cancelled", "refused")
RETRIED_STATUSES = {502, 503, 504}
PASSWORD = "correct-horse-battery"
ADMIN = ("admin@example.org", "admin-change-me")


def national_number(generator: random.Random) -> str:
    """A valid Belgian national register number of someone born in 1970–1999."""
    born = date(1970, 1, 1) + timedelta(days=generator.randrange(30 * 365))
    sequence = generator.randrange(1, 998)
    first = int(f"{born:%y%m%d}{sequence:03d}")
    return f"{first:09d}{97 - first % 97:02d}"


@dataclass
class Saga:
    index: int
    kind: str
    auth: dict[str, str] = field(default_factory=dict)
    job_id: str | None = None
    failure: str | None = None


@dataclass
class Report:
    sagas: int
    completed: int = 0
    compensated: int = 0
    stalled: int = 0
    lost: int = 0
    duplicated: int = 0
    dead_letters: int = 0
    faults: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"chaos: {self.sagas} sagas; completed {self.completed}; compensated "
            f"{self.compensated}; stalled {self.stalled}; lost {self.lost}; duplicated "
            f"{self.duplicated}; dead letters {self.dead_letters}; faults {self.faults}"
        )


class Client:
    """HTTP as the front end does it, retrying what a restarting service cannot answer."""

    def __init__(self, stack: Stack, deadline: float):
        self.stack = stack
        self.http = httpx.AsyncClient(timeout=20)
        self.deadline = deadline

    async def call(
        self,
        method: str,
        service: str,
        path: str,
        *,
        expect: tuple[int, ...] = (200, 201),
        **kwargs: Any,
    ) -> httpx.Response:
        base = (
            f"http://127.0.0.1:{self.stack.ports.dimona}"
            if service == "dimona"
            else self.stack.url(service)
        )
        url = f"{base}{path}"
        while True:
            try:
                response = await self.http.request(method, url, **kwargs)
            except httpx.HTTPError:
                response = None
            if response is not None and response.status_code not in RETRIED_STATUSES:
                if response.status_code not in expect:
                    raise AssertionError(f"{method} {path}: {response.status_code} {response.text}")
                return response
            if time.monotonic() > self.deadline:
                raise TimeoutError(f"{method} {path}: no answer before the deadline")
            await asyncio.sleep(0.5)

    async def login(self, email: str, password: str) -> dict[str, str]:
        response = await self.call(
            "POST", "members", "/v1/auth/token", data={"username": email, "password": password}
        )
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def verify_email(self, email: str) -> None:
        """Follow the verification e-mail's link (it may come late: members restarts)."""
        mail_dir = self.stack.data_dir / "mail"
        while (token := latest_token(mail_dir, email)) is None:
            if time.monotonic() > self.deadline:
                raise TimeoutError(f"no verification e-mail for {email} before the deadline")
            await asyncio.sleep(0.5)
        await self.call("GET", "members", "/v1/members/email-verification", params={"token": token})

    async def job(self, auth: dict[str, str], job_id: str) -> dict[str, Any]:
        return (await self.call("GET", "members", f"/v1/jobs/{job_id}", headers=auth)).json()

    async def wait_for(self, auth: dict[str, str], job_id: str, *steps: str) -> dict[str, Any]:
        while True:
            job = await self.job(auth, job_id)
            if {entry["step"] for entry in job["timeline"]}.issuperset(steps):
                return job
            if time.monotonic() > self.deadline:
                raise TimeoutError(f"job {job_id} never reached {steps}: {job['status']}")
            await asyncio.sleep(0.5)


class Chaos:
    def __init__(self, stack: Stack, sagas: int, seed: int, minutes: float):
        self.stack = stack
        self.random = random.Random(seed)
        self.sagas = [Saga(index, KINDS[index % len(KINDS)]) for index in range(sagas)]
        self.deadline = time.monotonic() + minutes * 60
        self.client = Client(stack, self.deadline)
        self.faults: Counter[str] = Counter()
        self.today = stack.clock.today()

    # --- the sagas, as the front end drives them ------------------------------------------
    async def drive(self, saga: Saga, admin: dict[str, str]) -> None:
        c = self.client
        email = f"chaos-{saga.index}-{uuid.uuid4().hex[:6]}@example.org"
        ssin = national_number(self.random)
        if saga.kind == "refused":
            await c.call(
                "PUT",
                "dimona",
                f"/simulator/unknown-persons/{ssin}",
                expect=(204,),
            )
        await c.call(
            "POST",
            "members",
            "/v1/members",
            headers={"Idempotency-Key": f"{email}"},
            json=member_body(email, PASSWORD, ssin) | {"last_name": f"Chaos{saga.index}"},
        )
        await c.verify_email(email)
        saga.auth = await c.login(email, PASSWORD)
        client = await c.call(
            "POST",
            "members",
            "/v1/clients",
            headers=saga.auth | {"Idempotency-Key": f"client-{email}"},
            json=business_client_body(),
        )
        start = self.today + timedelta(days=7 + saga.index % 20)
        amount = Decimal(1000 + 10 * (saga.index % 50)).quantize(Decimal("0.01"))
        declared = await c.call(
            "POST",
            "members",
            "/v1/jobs",
            headers=saga.auth | {"Idempotency-Key": f"job-{email}"},
            json={
                "client_id": client.json()["client_id"],
                "description": f"Chaos job {saga.index}",
                "occupation_code": "3435",
                "start_date": start.isoformat(),
                "end_date": (start + timedelta(days=1)).isoformat(),
                "worked_days": 2,
                "amount_excl_vat": str(amount),
                "currency": "EUR",
                "contract_type": "employee",
                "expenses": "20.00",
            },
        )
        saga.job_id = job_id = declared.json()["job_id"]
        if saga.kind == "refused":
            # two topics: the refusal may reach the timeline before the contract does
            job = await c.wait_for(saga.auth, job_id, "contract_generated", "dimona_refused")
            contract = next(
                e["document_id"] for e in job["timeline"] if e["step"] == "contract_generated"
            )
            declarations = await c.call(
                "GET",
                "payroll",
                "/v1/declarations",
                headers=admin,
                params={"contract_id": contract},
            )
            [dimona] = [d for d in declarations.json() if d["kind"] == "dimona"]
            await c.call(
                "POST",
                "payroll",
                f"/v1/declarations/{dimona['declaration_id']}/resubmission",
                headers=admin,
                json={"national_register_number": national_number(self.random)},
                expect=(200, 409),  # 409: a retried correction that already went through
            )
        job = await c.wait_for(saga.auth, job_id, "invoice_sent")
        if saga.kind == "cancelled":
            await c.call(
                "POST",
                "members",
                f"/v1/jobs/{job_id}/cancellation",
                headers=saga.auth,
                json={"reason": "The festival was cancelled"},
                expect=(200, 409),  # 409: a retried cancellation that already went through
            )
            return
        if saga.kind in ("paid", "refused"):
            invoice_id = next(
                e["document_id"] for e in job["timeline"] if e["step"] == "invoice_sent"
            )
            invoice = (
                await c.call("GET", "invoicing", f"/v1/invoices/{invoice_id}", headers=saga.auth)
            ).json()
            await c.call(
                "POST",
                "collections",
                "/v1/payments",
                headers=admin | {"Idempotency-Key": f"payment-{job_id}"},
                json={
                    "amount": invoice["total_incl_vat"],
                    "currency": "EUR",
                    "reference": invoice["payment_reference"],
                    "value_date": self.today.isoformat(),
                },
            )

    async def run_saga(self, saga: Saga, admin: dict[str, str]) -> None:
        try:
            await self.drive(saga, admin)
        except Exception as error:  # reported by the oracle, never hidden
            saga.failure = f"{type(error).__name__}: {error}"

    # --- the faults ------------------------------------------------------------------------
    async def inject(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), self.random.uniform(3, 8))
                return
            except TimeoutError:
                pass
            fault = self.random.choices(
                ["kill", "pause", "replay", "broker"], weights=[5, 3, 3, 1]
            )[0]
            try:
                await asyncio.to_thread(self.apply, fault)
            except Exception as error:  # a fault that did not finish is recovered, never ignored
                print(f"fault {fault} failed ({type(error).__name__}: {error}); recovering")
                await asyncio.to_thread(self.recover)
            self.faults[fault] += 1

    def recover(self) -> None:
        """Every process up again and every outbox replayed, until that succeeds."""
        while True:
            try:
                self.stack.start_infrastructure()
                for name in SERVICES:
                    self.stack.start_service(name)
                self.stack.wait_ready(SERVICES, timeout=120)
                asyncio.run(replay_all(self.stack))
                return
            except Exception as error:
                print(f"recovery failed ({type(error).__name__}: {error}); again")
                time.sleep(2)

    def apply(self, fault: str) -> None:
        service = self.random.choice(SERVICES)
        if fault == "kill":
            self.stack.stop_process(service, kill=True)
            self.stack.start_service(service)
            self.stack.wait_ready(SERVICES, timeout=120)
        elif fault == "pause":
            pid = self.stack.processes[service]
            os.killpg(pid, signal.SIGSTOP)
            time.sleep(8)  # past the consumer session timeout: its partitions move on
            os.killpg(pid, signal.SIGCONT)
        elif fault == "replay":
            asyncio.run(replay_all(self.stack))
        else:
            self.restart_broker()

    def restart_broker(self) -> None:
        self.stack.stop_process("kafka", kill=True)
        self.stack.start_infrastructure()
        for name in SERVICES:  # topics and consumer groups are gone with the broker's memory
            self.stack.stop_process(name)
            self.stack.start_service(name)
        self.stack.wait_ready(SERVICES, timeout=120)
        asyncio.run(replay_all(self.stack))

    # --- the whole run ---------------------------------------------------------------------
    async def run(self) -> Report:
        admin = await self.client.login(*ADMIN)
        stop = asyncio.Event()
        injector = asyncio.create_task(self.inject(stop))
        limit = asyncio.Semaphore(20)

        async def one(saga: Saga) -> None:
            async with limit:
                await self.run_saga(saga, admin)

        await asyncio.gather(*(one(saga) for saga in self.sagas))
        stop.set()
        await injector
        # the embedded broker may have lost what it held when it restarted: replay once more
        await asyncio.to_thread(self.recover)
        guaranteed = await self.client.call(
            "POST",
            "collections",
            "/v1/guarantee-runs",
            headers=admin | {"Idempotency-Key": f"chaos-guarantee-{uuid.uuid4()}"},
            json={"as_of": (self.today + timedelta(days=90)).isoformat()},
        )
        assert guaranteed.status_code in (200, 201)
        await self.settle(admin)
        return await Oracle(self.stack, self.sagas, admin, self.client).report(
            sum(self.faults.values())
        )

    async def settle(self, admin: dict[str, str]) -> None:
        """Wait (until the deadline) for every saga to reach its end."""
        while time.monotonic() < self.deadline:
            pending = 0
            for saga in self.sagas:
                if saga.job_id is None or saga.failure:
                    continue
                job = await self.client.job(saga.auth, saga.job_id)
                if not _finished(saga, job):
                    pending += 1
            if not pending:
                return
            await asyncio.sleep(2)


def _steps(job: dict[str, Any]) -> set[str]:
    return {entry["step"] for entry in job["timeline"]}


def _finished(saga: Saga, job: dict[str, Any]) -> bool:
    if saga.kind == "cancelled":
        return {"credit_note_issued", "dimona_cancelled"} <= _steps(job)
    return {"payslip_issued", "declaration_filed"} <= _steps(job)


class Oracle:
    """Checks from the services' own APIs and databases that nothing was lost or duplicated."""

    def __init__(self, stack: Stack, sagas: list[Saga], admin: dict[str, str], client: Client):
        self.stack = stack
        self.sagas = sagas
        self.admin = admin
        self.client = client

    @staticmethod
    async def find(database: Any, collection: str, query: dict[str, Any]) -> list[Any]:
        """Read, retrying while the embedded server is busy with a service's transaction."""
        for attempt in range(100):
            try:
                return await database[collection].find(query).to_list()
            except PyMongoError as error:
                if not is_transient(error) or attempt == 99:
                    raise
                await asyncio.sleep(0.05)
        raise AssertionError("unreachable")

    def database(self, service: str) -> Any:
        mongo = AsyncMongoClient(
            f"mongodb://127.0.0.1:{self.stack.ports.mongo[service]}/?directConnection=true"
        )
        return mongo, mongo[service]

    async def report(self, faults: int) -> Report:
        report = Report(len(self.sagas), faults=faults)
        payroll_client, payroll = self.database("payroll")
        invoicing_client, invoicing = self.database("invoicing")
        collections_client, collections = self.database("collections")
        try:
            numbers: Counter[str] = Counter()
            for saga in self.sagas:
                if saga.job_id is None:
                    report.lost += 1
                    report.problems.append(f"saga {saga.index} ({saga.kind}): {saga.failure}")
                    continue
                job = await self.client.job(saga.auth, saga.job_id)
                duplicates, missing = await self.check(saga, job, payroll, invoicing, collections)
                for invoice in await self.find(invoicing, "invoices", {"job_id": saga.job_id}):
                    numbers[invoice["number"]] += 1
                if duplicates:
                    report.duplicated += 1
                    report.problems += [f"job {saga.job_id}: {d}" for d in duplicates]
                if missing:
                    report.lost += 1
                    report.problems += [f"job {saga.job_id}: {m}" for m in missing]
                if saga.failure:
                    report.problems.append(f"saga {saga.index} ({saga.kind}): {saga.failure}")
                if _finished(saga, job):
                    if saga.kind == "cancelled":
                        report.compensated += 1
                    else:
                        report.completed += 1
                elif not missing:
                    report.stalled += 1
                    report.problems.append(
                        f"job {saga.job_id} ({saga.kind}) stalled at {job['status']}"
                    )
            reused = [number for number, count in numbers.items() if count > 1]
            report.duplicated += len(reused)
            report.problems += [f"invoice number {n} used twice" for n in reused]
            for service in SERVICES:
                open_letters = await self.client.call(
                    "GET", service, "/v1/operations/dead-letters", headers=self.admin
                )
                for letter in open_letters.json():
                    report.dead_letters += 1
                    report.problems.append(
                        f"dead letter in {service}: {letter['type']} {letter['subject']}: "
                        f"{letter['reason'][:200]}"
                    )
        finally:
            for mongo in (payroll_client, invoicing_client, collections_client):
                await mongo.close()
        return report

    async def check(
        self, saga: Saga, job: dict[str, Any], payroll: Any, invoicing: Any, collections: Any
    ) -> tuple[list[str], list[str]]:
        job_id = saga.job_id
        duplicates: list[str] = []
        missing: list[str] = []

        async def count(database: Any, collection: str, query: dict[str, Any]) -> int:
            return len(await self.find(database, collection, query))

        contracts = await self.find(payroll, "contracts", {"job_id": job_id})
        if len(contracts) != 1:
            (duplicates if contracts else missing).append(f"{len(contracts)} contracts")
            return duplicates, missing
        contract_id = contracts[0]["_id"]
        for kind in ("dimona", "dimona_cancel"):
            found = await count(
                payroll, "hiring_declarations", {"contract_id": contract_id, "kind": kind}
            )
            if found > 1:
                duplicates.append(f"{found} {kind} declarations")
        invoices = await self.find(invoicing, "invoices", {"job_id": job_id})
        if len(invoices) != 1:
            (duplicates if invoices else missing).append(f"{len(invoices)} invoices")
            return duplicates, missing
        receivables = await self.find(collections, "receivables", {"job_id": job_id})
        if len(receivables) > 1:
            duplicates.append(f"{len(receivables)} receivables")
        payslips = await self.find(payroll, "payslips", {"job_id": job_id})
        if len(payslips) > 1:
            duplicates.append(f"{len(payslips)} payslips")
        if saga.kind == "cancelled" and payslips:
            duplicates.append("a payslip for a cancelled job")
        for payslip in payslips:
            orders = await count(payroll, "salary_payment_orders", {"payslip_id": payslip["_id"]})
            lines = await count(
                payroll, "periodic_declaration_lines", {"payslip_id": payslip["_id"]}
            )
            if orders != 1 or lines != 1:
                (duplicates if max(orders, lines) > 1 else missing).append(
                    f"payslip {payslip['_id']}: {orders} payment orders, {lines} lines"
                )
            figures = payslip["figures"]
            if Decimal(figures["employer_cost"]) > Decimal(figures["budget"]):
                duplicates.append(f"payslip costs {figures['employer_cost']} > budget")
        if receivables:
            receivable = receivables[0]
            total = Decimal(invoices[0]["total_incl_vat"])
            paid, credited = Decimal(receivable["paid"]), Decimal(receivable["credited"])
            open_amount = max(Decimal(0), total - paid - credited)
            if paid + credited + open_amount != total or paid > total:
                duplicates.append(f"invoice {total} ≠ paid {paid} + credited {credited} + open")
        elif "invoice_sent" in _steps(job):
            missing.append("no receivable for a sent invoice")
        return duplicates, missing


def run(
    sagas: int,
    seed: int,
    minutes: float,
    data_dir: Path | None = None,
    today: date | None = None,
) -> Report:
    folder = data_dir or Path(tempfile.mkdtemp(prefix="chaos-"))
    stack = Stack(
        folder,
        StackPorts.free(),
        topic_prefix=f"chaos{uuid.uuid4().hex[:6]}.",
        extra_env={"SMART_OUTBOX_POLL_SECONDS": "0.5"},
        today=today,
    )
    print(f"chaos stack in {folder}", flush=True)
    stack.start(SERVICES, timeout=180)
    try:
        return asyncio.run(Chaos(stack, sagas, seed, minutes).run())
    finally:
        stack.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sagas", type=int, default=30)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--minutes", type=float, default=20, help="give up waiting after this")
    arguments = parser.parse_args()
    print(f"seed {arguments.seed}", flush=True)
    today = date.fromisoformat(os.environ["SMART_TODAY"]) if os.environ.get("SMART_TODAY") else None
    report = run(arguments.sagas, arguments.seed, arguments.minutes, today=today)
    for problem in report.problems:
        print(problem)
    print(report.line(), flush=True)
    clean = not (report.lost or report.duplicated or report.stalled or report.dead_letters)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
