"""What every service process is made of, assembled by the service's composition root."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from smart_common.auth import TokenCodec
from smart_common.clock import Clock, clock_from_settings
from smart_common.database_metrics import CommandCounter
from smart_common.dead_letters import ensure_dead_letter_indexes
from smart_common.events.envelope import EventData
from smart_common.leases import Lease, process_owner
from smart_common.messaging import EventConsumer, OutboxRelay, create_broker, ensure_topics
from smart_common.persistence import (
    Document,
    RetryableConflict,
    UnitOfWork,
    ensure_outbox_indexes,
    is_transient,
)
from smart_common.personal_data import PersonalDataCipher
from smart_common.personal_data_reads import (
    PersonalDataReads,
    ensure_personal_data_read_indexes,
)
from smart_common.retention import BookkeepingSweeper, ensure_retention_indexes
from smart_common.settings import ServiceSettings
from smart_common.telemetry import configure_tracing
from smart_common.workers import PeriodicWorker

log = logging.getLogger(__name__)


class ServiceRuntime:
    """Database, unit of work, broker, relay, consumers and workers of one service process."""

    def __init__(
        self,
        settings: ServiceSettings,
        *,
        publishes: Iterable[type[EventData]],
        clock: Clock | None = None,
    ):
        self.settings = settings
        self.clock: Clock = clock or clock_from_settings(settings.today, settings.today_since)
        publishes = tuple(publishes)
        self.publishes = publishes
        self.published_streams = {event.stream for event in publishes}
        self.tracer_provider = configure_tracing(settings)
        self.mongo: AsyncMongoClient[Document] = AsyncMongoClient(
            settings.mongodb_uri,
            tz_aware=True,
            serverSelectionTimeoutMS=10_000,
            event_listeners=[CommandCounter(settings.service_name)],
        )
        self.database: AsyncDatabase[Document] = self.mongo[settings.mongodb_database]
        self.uow = UnitOfWork(
            self.mongo,
            self.database,
            source=f"/smart/{settings.entity.lower()}/{settings.service_name}",
            serialize=settings.serialize_transactions,
            clock=self.clock,
            publishes=frozenset(event.event_type for event in publishes),
        )
        self.broker: KafkaBroker = create_broker(settings, self.tracer_provider)
        self.owner = process_owner()
        self.relay = OutboxRelay(
            self.uow,
            self.broker,
            settings,
            lease=Lease(self.uow, "outbox-relay", self.owner, settings.lease_seconds),
        )
        self.token_codec = TokenCodec(settings)
        self.personal_data = PersonalDataCipher(
            settings.personal_data_key, settings.personal_data_previous_keys
        )
        self.personal_data_reads = PersonalDataReads(self.uow, self.clock, settings.service_name)
        self.consumers: list[EventConsumer] = []
        self.workers: list[PeriodicWorker] = []
        self._index_setups: list[Callable[[AsyncDatabase[Document]], Awaitable[None]]] = [
            ensure_outbox_indexes,
            ensure_dead_letter_indexes,
            ensure_retention_indexes,
            ensure_personal_data_read_indexes,
        ]
        self._startup_tasks: list[Callable[[], Awaitable[None]]] = []
        self.started = False
        self.sweeper = BookkeepingSweeper(self.uow, settings)
        self.worker("bookkeeping-retention", self.sweeper.sweep, settings.retention_sweep_seconds)

    def consumer(self, name: str) -> EventConsumer:
        consumer = EventConsumer(name, self.uow, self.settings, self.broker)
        self.consumers.append(consumer)
        return consumer

    def worker(
        self,
        name: str,
        step: Callable[[], Awaitable[Any]],
        interval: float,
        *,
        wake_on_commit: bool = False,
    ) -> PeriodicWorker:
        lease = Lease(
            self.uow, f"worker:{name}", self.owner, max(self.settings.lease_seconds, 3 * interval)
        )
        worker = PeriodicWorker(name, step, interval, lease)
        if wake_on_commit:
            self.uow.on_commit(worker.wake)
        self.workers.append(worker)
        return worker

    def on_indexes(self, setup: Callable[[AsyncDatabase[Document]], Awaitable[None]]) -> None:
        self._index_setups.append(setup)

    def on_startup(self, task: Callable[[], Awaitable[None]]) -> None:
        self._startup_tasks.append(task)

    async def start(self) -> None:
        for setup in self._index_setups:
            await self._patiently(functools.partial(setup, self.database))
        for task in self._startup_tasks:
            await self._patiently(task)
        streams = set(self.published_streams)
        for consumer in self.consumers:
            streams |= consumer.streams
            consumer.subscribe()
        await ensure_topics(self.settings, streams)
        await self.broker.start()
        self.relay.start()
        for worker in self.workers:
            worker.start()
        self.started = True
        log.info("%s started", self.settings.service_name)

    async def _patiently(self, step: Callable[[], Awaitable[None]], patience: float = 60) -> None:
        """A start-up step, retried while the database is busy: a process killed a moment ago
        may still hold a transaction there until its connection is gone."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + patience
        while True:
            try:
                return await step()
            except (PyMongoError, RetryableConflict) as error:
                transient = isinstance(error, RetryableConflict) or is_transient(error)
                if not transient or loop.time() > deadline:
                    raise
                log.info("start-up waits for the database: %s", error)
                await asyncio.sleep(0.5)

    async def stop(self) -> None:
        for worker in self.workers:
            await worker.stop()
        await self.relay.stop()
        await self.broker.stop()
        await self.mongo.close()
        self.started = False

    async def readiness(self) -> dict[str, str]:
        checks: dict[str, str] = {}
        try:
            await self.database.command("ping")
            checks["database"] = "ok"
        except Exception as error:
            checks["database"] = f"unreachable: {type(error).__name__}"
        try:
            checks["broker"] = (
                "ok" if self.started and await self.broker.ping(timeout=2) else "unreachable"
            )
        except Exception as error:
            checks["broker"] = f"unreachable: {type(error).__name__}"
        return checks
