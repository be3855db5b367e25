"""Outbox relay and idempotent consumers against the embedded broker and database."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiokafka import AIOKafkaConsumer
from pymongo import UpdateOne

from smart_common.events.envelope import Envelope, EventData
from smart_common.messaging import EVENTS_CONSUMED, OutboxRelay
from smart_common.persistence import OUTBOX, Transaction, UndeclaredEvent
from smart_common.runtime import ServiceRuntime
from smart_common.settings import ServiceSettings
from smart_devstack.testing import eventually


class ProbeHappened(EventData):
    event_type = "coop.smart.test.probe.happened.v1"
    stream = "test.probe"
    n: int


def _runtime(infrastructure, **overrides) -> ServiceRuntime:
    settings = ServiceSettings(
        **infrastructure.settings_env("probe"), service_name="probe", **overrides
    )
    return ServiceRuntime(settings, publishes=[ProbeHappened])


async def _record(runtime: ServiceRuntime, n: int, subject: str = "aggregate-1") -> Envelope:
    async def work(tx: Transaction) -> Envelope:
        return await tx.record_event(
            ProbeHappened(n=n), subject=subject, entity="BE", correlation_id="saga-1"
        )

    return await runtime.uow.run(work)


async def _effects(runtime: ServiceRuntime) -> list[dict]:
    return await runtime.uow.find("effects", {})


def _count_effects_handler(runtime: ServiceRuntime):
    async def handler(data: ProbeHappened, envelope: Envelope, tx: Transaction) -> None:
        await tx.collection("effects").update_one(
            {"_id": envelope.subject}, {"$inc": {"count": 1, "sum": data.n}}, upsert=True
        )

    return handler


async def test_relay_killed_between_publish_and_mark_causes_no_second_effect(infrastructure):
    runtime = _runtime(infrastructure)
    consumer = runtime.consumer("probe-effects")
    consumer.on(ProbeHappened, _count_effects_handler(runtime))

    class Killed(Exception):
        pass

    async def kill_after_publish(envelope: Envelope) -> None:
        raise Killed

    crashing = OutboxRelay(
        runtime.uow, runtime.broker, runtime.settings, after_publish=kill_after_publish
    )
    await runtime.relay.stop()
    envelope = await _record(runtime, 5)
    runtime.relay.start = lambda: None  # the runtime's relay runs later, by hand
    await runtime.start()
    try:
        with pytest.raises(Killed):
            await crashing.publish_pending()
        pending = await runtime.uow.find(OUTBOX, {"published_at": None})
        assert [document["_id"] for document in pending] == [envelope.id]

        assert await runtime.relay.publish_pending() == 1  # the restarted relay publishes again
        assert await runtime.uow.find(OUTBOX, {"published_at": None}) == []
        duplicates = EVENTS_CONSUMED.labels("probe-effects", ProbeHappened.event_type, "duplicate")
        before = duplicates._value.get()
        # the consumer joins its group first: on a loaded machine that alone can take 20 s
        await eventually(lambda: _duplicates_above(duplicates, before), timeout=60)
        effects = await _effects(runtime)
        assert effects == [{"_id": "aggregate-1", "count": 1, "sum": 5}]
    finally:
        await runtime.stop()


async def _duplicates_above(counter, before: float) -> bool:
    return counter._value.get() > before


async def test_published_events_carry_cloudevents_headers_and_traceparent(infrastructure):
    runtime = _runtime(infrastructure)
    await runtime.start()
    try:
        envelope = await _record(runtime, 1, subject="invoice-42")
        await eventually(lambda: _published(runtime, envelope.id))
        reader = AIOKafkaConsumer(
            runtime.settings.topic(ProbeHappened.stream),
            bootstrap_servers=infrastructure.kafka_bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await reader.start()
        try:
            record = await asyncio.wait_for(reader.getone(), 20)
        finally:
            await reader.stop()
        headers = {key: value.decode() for key, value in record.headers}
        assert record.key == b"invoice-42"
        assert headers["ce_specversion"] == "1.0"
        assert headers["ce_id"] == envelope.id
        assert headers["ce_type"] == ProbeHappened.event_type
        assert headers["ce_subject"] == "invoice-42"
        assert headers["ce_entity"] == "BE"
        assert headers["ce_correlationid"] == "saga-1"
        assert headers["ce_source"] == "/smart/be/probe"
        assert headers["ce_time"].endswith("Z")
        assert headers["traceparent"].startswith("00-")
        assert json.loads(record.value) == {"n": 1}
        assert Envelope.from_kafka(headers, json.loads(record.value)).id == envelope.id
    finally:
        await runtime.stop()


async def _published(runtime: ServiceRuntime, event_id: str) -> bool:
    document = await runtime.uow.find_one(OUTBOX, {"_id": event_id})
    return document is not None and document["published_at"] is not None


async def test_unit_of_work_rolls_back_state_and_outbox_together(infrastructure):
    runtime = _runtime(infrastructure)

    async def fails_after_writing(tx: Transaction) -> None:
        await tx.collection("effects").insert_one({"_id": "half-written"})
        await tx.record_event(ProbeHappened(n=9), subject="x", entity="BE", correlation_id="c")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await runtime.uow.run(fails_after_writing)
    assert await runtime.uow.find("effects", {}) == []
    assert await runtime.uow.find(OUTBOX, {}) == []
    await runtime.mongo.close()


async def test_a_batch_handler_sees_each_event_once_in_batches(infrastructure):
    """Events already waiting in the topic reach a batch handler several at a time; each
    counts once, and a redelivered batch (the relay publishing again) changes nothing."""
    runtime = _runtime(infrastructure)
    batches: list[int] = []

    async def count_all(items: list[tuple[ProbeHappened, Envelope]], tx: Transaction) -> None:
        batches.append(len(items))
        await tx.collection("effects").bulk_write(
            [
                UpdateOne(
                    {"_id": envelope.subject}, {"$inc": {"count": 1, "sum": data.n}}, upsert=True
                )
                for data, envelope in items
            ]
        )

    runtime.consumer("probe-batches").on_batch([ProbeHappened], count_all)
    for n in range(1, 31):
        await _record(runtime, n, subject=f"aggregate-{n % 3}")
    await runtime.start()
    try:
        await eventually(lambda: _effect_count(runtime, 30))
        assert max(batches) > 1
        for document in await runtime.uow.find(OUTBOX, {}):
            await runtime.relay.publish(
                document["stream"], Envelope.model_validate(document["envelope"])
            )
        duplicates = EVENTS_CONSUMED.labels("probe-batches", ProbeHappened.event_type, "duplicate")
        before = duplicates._value.get()
        await eventually(lambda: _duplicates_above(duplicates, before + 29))
        effects = sorted(await _effects(runtime), key=lambda effect: effect["_id"])
        assert [(effect["count"], effect["sum"]) for effect in effects] == [
            (10, sum(n for n in range(1, 31) if n % 3 == rest)) for rest in range(3)
        ]
    finally:
        await runtime.stop()


async def _effect_count(runtime: ServiceRuntime, expected: int) -> bool:
    return sum(effect["count"] for effect in await _effects(runtime)) >= expected


class ProbeUndeclared(EventData):
    event_type = "coop.smart.test.probe.undeclared.v1"
    stream = "test.probe"


async def test_an_event_the_service_does_not_declare_is_refused(infrastructure):
    """What a service publishes is what its composition root declares (its topics, its
    AsyncAPI document): recording anything else fails and writes nothing."""
    runtime = _runtime(infrastructure)

    async def records_undeclared(tx: Transaction) -> None:
        await tx.collection("effects").insert_one({"_id": "half-written"})
        await tx.record_event(ProbeUndeclared(), subject="x", entity="BE", correlation_id="c")

    with pytest.raises(UndeclaredEvent, match="undeclared"):
        await runtime.uow.run(records_undeclared)
    assert await runtime.uow.find("effects", {}) == []
    assert await runtime.uow.find(OUTBOX, {}) == []
    await runtime.mongo.close()
