"""Kafka through FastStream: the broker, the outbox relay and idempotent consumers.

Delivery is at least once: a consumer's offset is committed only after its handler's
transaction committed (``AckPolicy.NACK_ON_ERROR``), a failure is redelivered a bounded number
of times, then the message goes to the stream's dead-letter topic (``<topic>.dlt``).
The producer is not idempotent (the embedded broker refuses InitProducerId): the inbox absorbs
duplicates instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from opentelemetry import context as otel_context
from opentelemetry import propagate
from opentelemetry.trace import TracerProvider
from prometheus_client import Counter as MetricCounter
from pydantic import ValidationError

from smart_common.events.envelope import Envelope, EventData
from smart_common.persistence import OUTBOX, Transaction, UnitOfWork, utcnow
from smart_common.settings import ServiceSettings

log = logging.getLogger(__name__)

EVENTS_PUBLISHED = MetricCounter("smart_events_published", "Events published", ["type"])
EVENTS_CONSUMED = MetricCounter(
    "smart_events_consumed", "Events consumed", ["consumer", "type", "outcome"]
)

type EventHandler = Callable[[Any, Envelope, Transaction], Awaitable[None]]


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlt"


def create_broker(settings: ServiceSettings, tracer_provider: TracerProvider) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap,
        acks="all",
        enable_idempotence=False,
        client_id=settings.service_name,
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=tracer_provider)],
        logger=logging.getLogger(f"{settings.service_name}.broker"),
    )


async def ensure_topics(settings: ServiceSettings, streams: Iterable[str]) -> None:
    """Create the topics (and dead-letter topics) this process uses, if missing."""
    topics = sorted({settings.topic(stream) for stream in streams})
    names = topics + [dead_letter_topic(topic) for topic in topics]
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(name, 1, 1) for name in names if name not in existing]
        if missing:
            await admin.create_topics(missing)
    finally:
        await admin.close()


class EventConsumer:
    """A named consumer (its own consumer group) dispatching event types to handlers."""

    def __init__(self, name: str, uow: UnitOfWork, settings: ServiceSettings, broker: KafkaBroker):
        self.name = name
        self._uow = uow
        self._settings = settings
        self._broker = broker
        self._handlers: dict[str, tuple[type[EventData], EventHandler]] = {}
        self._attempts: Counter[str] = Counter()

    def on(self, event_model: type[EventData], handler: EventHandler) -> None:
        self._handlers[event_model.event_type] = (event_model, handler)

    @property
    def streams(self) -> set[str]:
        return {model.stream for model, _ in self._handlers.values()}

    def subscribe(self) -> None:
        topics = sorted(self._settings.topic(stream) for stream in self.streams)
        subscriber = self._broker.subscriber(
            *topics,
            group_id=f"{self._settings.topic_prefix}{self.name}",
            ack_policy=AckPolicy.NACK_ON_ERROR,
            auto_offset_reset="earliest",
            batch=True,
            max_records=self._settings.consumer_batch_size,
            batch_timeout_ms=100,
            # a killed member is noticed sooner, so its partitions move on sooner
            session_timeout_ms=6000,
            heartbeat_interval_ms=1500,
            title=f"{self.name}",
        )
        subscriber(self.receive)

    async def receive(self, message: KafkaMessage) -> None:
        """A batch of records: one transaction for all of them, or one each if that fails.

        The offsets are committed after this returns; raising rewinds to the batch's start
        (records already handled come back as duplicates, which the inbox absorbs).
        """
        raw_message = message.raw_message
        records = raw_message if isinstance(raw_message, tuple) else (raw_message,)
        events: list[tuple[Envelope, Any]] = []
        for raw in records:
            try:
                envelope = Envelope.from_kafka(dict(raw.headers), json.loads(raw.value))
            except (ValueError, ValidationError) as error:
                await self._dead_letter(raw, f"undecodable event: {error}")
                continue
            if envelope.type in self._handlers:  # unknown types are ignored (forward compatible)
                events.append((envelope, raw))
        if len(events) > 1:
            try:
                outcomes = await self._uow.run(
                    lambda tx: self._apply_all(tx, [envelope for envelope, _ in events])
                )
            except Exception as error:
                log.info("%s: batch of %d failed (%s); one by one", self.name, len(events), error)
            else:
                for (envelope, _), handled in zip(events, outcomes, strict=True):
                    self._count(envelope, handled)
                return
        for envelope, raw in events:
            await self.handle(envelope, raw)

    async def _apply(self, tx: Transaction, envelope: Envelope) -> bool:
        """Claim the event in the inbox and run its handler in the saga's trace context."""
        model, handler = self._handlers[envelope.type]
        data = model.model_validate(envelope.data)
        if not await tx.claim_event(self.name, envelope.id):
            return False
        carrier = {"traceparent": envelope.traceparent} if envelope.traceparent else {}
        token = otel_context.attach(propagate.extract(carrier))
        try:
            await handler(data, envelope, tx)
        finally:
            otel_context.detach(token)
        return True

    async def _apply_all(self, tx: Transaction, envelopes: list[Envelope]) -> list[bool]:
        return [await self._apply(tx, envelope) for envelope in envelopes]

    def _count(self, envelope: Envelope, handled: bool) -> None:
        outcome = "handled" if handled else "duplicate"
        EVENTS_CONSUMED.labels(self.name, envelope.type, outcome).inc()

    async def handle(self, envelope: Envelope, raw: Any = None) -> None:
        """One event in its own transaction, retried, then dead-lettered."""
        model, _ = self._handlers[envelope.type]
        try:
            model.model_validate(envelope.data)
        except ValidationError as error:
            await self._dead_letter(raw, f"invalid {envelope.type}: {error}")
            return
        try:
            handled = await self._uow.run(lambda tx: self._apply(tx, envelope))
        except Exception as error:
            self._attempts[envelope.id] += 1
            attempts = self._attempts[envelope.id]
            if attempts < self._settings.consumer_max_attempts:
                log.warning(
                    "%s failed on %s (attempt %d): %s", self.name, envelope.type, attempts, error
                )
                await asyncio.sleep(self._settings.consumer_retry_backoff_seconds * attempts)
                raise
            del self._attempts[envelope.id]
            log.exception("%s gives up on %s after %d attempts", self.name, envelope.id, attempts)
            EVENTS_CONSUMED.labels(self.name, envelope.type, "dead_lettered").inc()
            await self._dead_letter(raw, f"{type(error).__name__}: {error}")
            return
        self._attempts.pop(envelope.id, None)
        self._count(envelope, handled)

    async def _dead_letter(self, raw: Any, reason: str) -> None:
        if raw is None:
            raise RuntimeError(reason)
        headers = {key: value.decode(errors="replace") for key, value in raw.headers}
        headers["x-dead-letter-reason"] = reason[:1000]
        headers["x-dead-letter-consumer"] = self.name
        await self._broker.publish(
            raw.value, dead_letter_topic(raw.topic), key=raw.key, headers=headers
        )


class OutboxRelay:
    """Publishes committed outbox events in order and marks what the broker acknowledged.

    Runs at start-up (anything left pending by a crash is published first), then whenever a
    unit of work commits events, and every ``outbox_poll_seconds`` as a safety net.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        broker: KafkaBroker,
        settings: ServiceSettings,
        *,
        batch_size: int = 200,
        after_publish: Callable[[Envelope], Awaitable[None]] | None = None,
    ):
        self._uow = uow
        self._broker = broker
        self._settings = settings
        self._batch_size = batch_size
        self._after_publish = after_publish
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        uow.on_commit(self._wake.set)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying")
                await asyncio.sleep(1)
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), self._settings.outbox_poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()

    async def publish_pending(self) -> int:
        """Publish everything pending; returns how many events were published."""
        published = 0
        while True:
            self._wake.clear()
            pending = await self._uow.find(
                OUTBOX,
                {"published_at": None},
                sort=[("recorded_at", 1), ("_id", 1)],
                limit=self._batch_size,
            )
            if not pending:
                return published
            for document in pending:
                await self.publish(
                    document["stream"], Envelope.model_validate(document["envelope"])
                )
            await self._mark_published([document["_id"] for document in pending])
            published += len(pending)

    async def publish(self, stream: str, envelope: Envelope) -> None:
        carrier = {"traceparent": envelope.traceparent} if envelope.traceparent else {}
        token = otel_context.attach(propagate.extract(carrier))
        try:
            await self._broker.publish(
                envelope.data,
                self._settings.topic(stream),
                key=envelope.subject.encode(),
                headers=envelope.headers(),
                correlation_id=envelope.correlation_id,
            )
        finally:
            otel_context.detach(token)
        EVENTS_PUBLISHED.labels(envelope.type).inc()
        if self._after_publish is not None:
            await self._after_publish(envelope)

    async def _mark_published(self, ids: list[str]) -> None:
        async def mark(tx: Transaction) -> None:
            await tx.database[OUTBOX].update_many(
                {"_id": {"$in": ids}}, {"$set": {"published_at": utcnow()}}, session=tx.session
            )

        await self._uow.run(mark)


async def replay_outbox(
    uow: UnitOfWork, broker: KafkaBroker, settings: ServiceSettings, *, since: Any = None
) -> int:
    """Publish again every event of the outbox (e.g. after the memory-only broker restarted).

    Consumers are idempotent, so a replay only fills what the broker lost.
    """
    query: dict[str, Any] = {} if since is None else {"recorded_at": {"$gte": since}}
    relay = OutboxRelay(uow, broker, settings)
    count = 0
    for document in await uow.find(OUTBOX, query, sort=[("recorded_at", 1), ("_id", 1)]):
        await relay.publish(document["stream"], Envelope.model_validate(document["envelope"]))
        count += 1
    return count
