"""Kafka through FastStream: the broker, the outbox relay and idempotent consumers.

Delivery is at least once: a consumer's offset is committed only after its handler's
transaction committed (``AckPolicy.NACK_ON_ERROR``), a failure is redelivered a bounded number
of times (counted in the database), then the record is kept in the service's operations queue
(:mod:`smart_common.dead_letters`) for staff to replay or discard. Undecodable records go
there at once.
The producer is not idempotent (the embedded broker refuses InitProducerId): the inbox absorbs
duplicates instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from opentelemetry import context as otel_context
from opentelemetry import propagate
from opentelemetry.trace import TracerProvider
from prometheus_client import Counter as MetricCounter
from pydantic import ValidationError
from pymongo import ReturnDocument

from smart_common.dead_letters import ATTEMPTS, FailedRecord, keep, record_of
from smart_common.dead_letters import COLLECTION as DEAD_LETTER_COLLECTION
from smart_common.events.catalog import BY_TYPE
from smart_common.events.envelope import Envelope, EventData
from smart_common.kafka_security import broker_security, client_options
from smart_common.leases import Lease
from smart_common.persistence import OUTBOX, Document, RetryableConflict, Transaction, UnitOfWork
from smart_common.settings import ServiceSettings

log = logging.getLogger(__name__)

EVENTS_PUBLISHED = MetricCounter("smart_events_published", "Events published", ["type"])
EVENTS_CONSUMED = MetricCounter(
    "smart_events_consumed", "Events consumed", ["consumer", "type", "outcome"]
)

REPLAY_ATTEMPTS = 30

type EventHandler = Callable[[Any, Envelope, Transaction], Awaitable[None]]
type BatchHandler = Callable[[list[tuple[Any, Envelope]], Transaction], Awaitable[None]]
"""Handles every event of its types in a consumer batch at once (one read of the aggregates,
one write), in the batch's order; a lone event comes as a batch of one."""


def create_broker(settings: ServiceSettings, tracer_provider: TracerProvider) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap,
        acks="all",
        enable_idempotence=False,
        client_id=settings.service_name,
        security=broker_security(settings),
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=tracer_provider)],
        logger=logging.getLogger(f"{settings.service_name}.broker"),
    )


async def ensure_topics(settings: ServiceSettings, streams: Iterable[str]) -> None:
    """Create the topics this process uses, if missing, with the configured partitions.

    Records are keyed by aggregate id, so each aggregate's events keep their order in one
    partition whatever the count.
    """
    names = sorted({settings.topic(stream) for stream in streams})
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap, **client_options(settings)
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name, settings.topic_partitions, settings.topic_replication)
            for name in names
            if name not in existing
        ]
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
        self._batch_handlers: dict[str, tuple[type[EventData], BatchHandler]] = {}

    def on(self, event_model: type[EventData], handler: EventHandler) -> None:
        self._handlers[event_model.event_type] = (event_model, handler)

    def on_batch(self, event_models: Iterable[type[EventData]], handler: BatchHandler) -> None:
        """One handler for all these types, called once per batch with their events.

        A consumer has either per-event handlers or batch handlers, so that the order in
        which its handlers see the events is always the batch's order.
        """
        for model in event_models:
            self._batch_handlers[model.event_type] = (model, handler)
        if self._handlers and self._batch_handlers:
            raise ValueError(f"{self.name}: per-event and batch handlers on one consumer")

    def handles(self, event_type: str) -> bool:
        return event_type in self._handlers or event_type in self._batch_handlers

    def _model(self, event_type: str) -> type[EventData]:
        known = self._handlers.get(event_type) or self._batch_handlers[event_type]
        return known[0]

    @property
    def streams(self) -> set[str]:
        models = [model for model, _ in self._handlers.values()]
        models += [model for model, _ in self._batch_handlers.values()]
        return {model.stream for model in models}

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
            # the records are decoded here, not by FastStream: a record that is not JSON must
            # reach the operations queue instead of failing before the handler, forever
            decoder=_undecoded,
        )
        subscriber(self.receive)

    async def receive(self, message: KafkaMessage) -> None:
        """A batch of records: one transaction for all of them, or one each if that fails.

        The offsets are committed after this returns. Raising nacks the batch, which rewinds
        every partition of it to its earliest record (FastStream >= 0.7.8; records already
        handled come back as duplicates, which the inbox absorbs).
        """
        raw_message = message.raw_message
        records = raw_message if isinstance(raw_message, tuple) else (raw_message,)
        events: list[tuple[Envelope, FailedRecord]] = []
        for raw in records:
            record = FailedRecord.of(raw)
            envelope, problem = _decode(record)
            if envelope is None:
                await self._dead_letter(record, None, problem)
            elif self.handles(envelope.type):
                events.append((envelope, record))
            else:
                self._ignore(envelope)
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
        for envelope, record in events:
            await self.handle(envelope, record)

    def _ignore(self, envelope: Envelope) -> None:
        """Another consumer's type is skipped; a type no contract defines is counted and logged
        (a newer publisher, or a version this process does not know yet)."""
        if envelope.type in BY_TYPE:
            EVENTS_CONSUMED.labels(self.name, envelope.type, "not_subscribed").inc()
            return
        EVENTS_CONSUMED.labels(self.name, envelope.type, "unknown_type").inc()
        log.warning(
            "%s skips event %s of unknown type %s (subject %s)",
            self.name,
            envelope.id,
            envelope.type,
            envelope.subject,
        )

    async def _apply(self, tx: Transaction, envelope: Envelope) -> bool:
        """One event: claim it in the inbox and run its handler."""
        (handled,) = await self._apply_all(tx, [envelope])
        return handled

    async def _apply_all(self, tx: Transaction, envelopes: list[Envelope]) -> list[bool]:
        """Claim the events in the inbox (one read and one write for all of them), then run
        the handlers of those not seen before, in order, each in its saga's trace context;
        returns, per event, whether it was handled (False for a duplicate)."""
        data = [self._model(envelope.type).model_validate(envelope.data) for envelope in envelopes]
        new = await tx.claim_events(self.name, [envelope.id for envelope in envelopes])
        outcomes: list[bool] = []
        batches: dict[BatchHandler, list[tuple[Any, Envelope]]] = {}
        for payload, envelope in zip(data, envelopes, strict=True):
            handled = envelope.id in new
            new.discard(envelope.id)  # the same event twice in a batch runs once
            outcomes.append(handled)
            if not handled:
                continue
            if envelope.type in self._batch_handlers:
                batch_handler = self._batch_handlers[envelope.type][1]
                batches.setdefault(batch_handler, []).append((payload, envelope))
                continue
            carrier = {"traceparent": envelope.traceparent} if envelope.traceparent else {}
            token = otel_context.attach(propagate.extract(carrier))
            try:
                await self._handlers[envelope.type][1](payload, envelope, tx)
            finally:
                otel_context.detach(token)
        for batch_handler, items in batches.items():
            await batch_handler(items, tx)
        return outcomes

    def _count(self, envelope: Envelope, handled: bool) -> None:
        outcome = "handled" if handled else "duplicate"
        EVENTS_CONSUMED.labels(self.name, envelope.type, outcome).inc()

    async def handle(self, envelope: Envelope, record: FailedRecord) -> None:
        """One event in its own transaction, retried (the count survives a restart), then
        set aside for staff."""
        try:
            self._model(envelope.type).model_validate(envelope.data)
        except ValidationError as error:
            await self._dead_letter(record, envelope, f"invalid {envelope.type}: {error}")
            return
        try:
            handled = await self._uow.run(lambda tx: self._apply(tx, envelope))
        except RetryableConflict as error:
            # contention is nobody's fault: redelivered, not counted against the event
            log.info("%s: %s busy (%s); redelivered", self.name, envelope.type, error)
            await asyncio.sleep(self._settings.consumer_retry_backoff_seconds)
            raise
        except Exception as error:
            attempts = await self._failed_attempt(envelope)
            if attempts < self._settings.consumer_max_attempts:
                log.warning(
                    "%s failed on %s (attempt %d): %s", self.name, envelope.type, attempts, error
                )
                await asyncio.sleep(self._settings.consumer_retry_backoff_seconds * attempts)
                raise
            log.exception("%s gives up on %s after %d attempts", self.name, envelope.id, attempts)
            EVENTS_CONSUMED.labels(self.name, envelope.type, "dead_lettered").inc()
            await self._dead_letter(record, envelope, f"{type(error).__name__}: {error}")
            return
        self._count(envelope, handled)

    async def _failed_attempt(self, envelope: Envelope) -> int:
        """Count a failed attempt in the database (so a restart does not reset it)."""

        async def count(tx: Transaction) -> int:
            stored = await tx.collection(ATTEMPTS).find_one_and_update(
                {"_id": f"{self.name}:{envelope.id}"},
                {"$inc": {"attempts": 1}, "$set": {"at": tx.clock.now()}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
            return int(stored["attempts"]) if stored else 1

        return await self._uow.run(count)

    async def _dead_letter(
        self, record: FailedRecord, envelope: Envelope | None, reason: str
    ) -> None:
        """Keep the record in the operations queue; if that fails, raise (redelivered)."""
        identifier = await self._uow.run(lambda tx: keep(tx, self.name, record, envelope, reason))
        log.error("%s set %s aside for staff: %s", self.name, identifier, reason[:300])

    async def replay(self, stored: Document) -> bool:
        """Run a kept record's handler again (staff, after a fix); True if it had an effect.

        In one transaction with marking the dead letter replayed; raises what the handler
        raises, leaving it open.
        """
        record = record_of(stored)
        envelope, problem = _decode(record)
        if envelope is None:
            raise UndecodableRecord(problem)
        if not self.handles(envelope.type):
            raise UndecodableRecord(f"{self.name} does not handle {envelope.type}")

        async def again(tx: Transaction) -> bool:
            handled = await self._apply(tx, envelope)
            await tx.collection(DEAD_LETTER_COLLECTION).update_one(
                {"_id": stored["_id"]},
                {"$set": {"status": "replayed", "replayed_at": tx.clock.now()}},
            )
            return handled

        return await self._uow.run(again)


async def _undecoded(message: Any) -> None:
    """FastStream decoder that leaves the records to :meth:`EventConsumer.receive`."""
    return None


class UndecodableRecord(Exception):
    """A kept record still cannot be read as an event this consumer handles."""


def _decode(record: FailedRecord) -> tuple[Envelope, str] | tuple[None, str]:
    """The record's envelope, or None and why it cannot be read (poison records)."""
    if record.value is None:
        return None, "a tombstone (a record without a value) is not an event"
    try:
        data = json.loads(record.value)
    except (ValueError, TypeError) as error:
        return None, f"the value is not JSON: {error}"
    if not isinstance(data, dict):
        return None, f"the value is a JSON {type(data).__name__}, not an object"
    try:
        return Envelope.from_kafka(dict(record.headers), data), ""
    except (ValueError, TypeError, ValidationError) as error:
        return None, f"undecodable event: {error}"


class OutboxRelay:
    """Publishes committed outbox events in order and marks what the broker acknowledged.

    Runs at start-up (anything left pending by a crash is published first), then whenever a
    unit of work commits events, and every ``outbox_poll_seconds`` as a safety net — in one
    replica at a time (its lease), so that two processes never publish the outbox at once.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        broker: KafkaBroker,
        settings: ServiceSettings,
        *,
        batch_size: int = 200,
        after_publish: Callable[[Envelope], Awaitable[None]] | None = None,
        lease: Lease | None = None,
    ):
        self._uow = uow
        self._broker = broker
        self._settings = settings
        self._batch_size = batch_size
        self._after_publish = after_publish
        self._lease = lease
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
        if self._lease is not None:
            await self._lease.release()

    async def _run(self) -> None:
        while True:
            try:
                if self._lease is None or await self._lease.acquire():
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
        # no transaction: marking twice is harmless, a mark lost republishes (the inbox absorbs)
        await self._uow.single(
            lambda database: database[OUTBOX].update_many(
                {"_id": {"$in": ids}}, {"$set": {"published_at": self._uow.clock.now()}}
            )
        )


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
        envelope = Envelope.model_validate(document["envelope"])
        for attempt in range(1, REPLAY_ATTEMPTS + 1):
            try:
                await relay.publish(document["stream"], envelope)
                break
            except KafkaError as error:
                # a broker that just restarted answers errors until its topics have leaders
                if attempt == REPLAY_ATTEMPTS:
                    raise
                log.info("replay of %s failed (%s); retrying", envelope.id, error)
                await asyncio.sleep(min(0.2 * attempt, 2))
        count += 1
    return count
