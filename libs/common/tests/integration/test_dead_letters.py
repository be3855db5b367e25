"""What consumers cannot handle reaches staff: kept in the service's operations queue, listed,
replayed after a fix or discarded with a reason — poison records included, retries counted
across restarts, every partition of a failed batch rewound."""

from __future__ import annotations

import json
import uuid

import httpx
from aiokafka import AIOKafkaProducer

from smart_common.asyncapi import build_asyncapi
from smart_common.auth import Role
from smart_common.dead_letters import ATTEMPTS
from smart_common.dead_letters import COLLECTION as DEAD_LETTERS
from smart_common.events.envelope import Envelope, EventData
from smart_common.http import create_app
from smart_common.messaging import EVENTS_CONSUMED
from smart_common.persistence import Transaction
from smart_common.runtime import ServiceRuntime
from smart_common.settings import ServiceSettings
from smart_devstack.testing import eventually


class ProbeHappened(EventData):
    event_type = "coop.smart.test.probe.happened.v1"
    stream = "test.probe"
    n: int


def _runtime(infrastructure, env: dict | None = None, **overrides) -> ServiceRuntime:
    settings = ServiceSettings(
        **(env or infrastructure.settings_env("probe")), service_name="probe", **overrides
    )
    return ServiceRuntime(settings, publishes=[ProbeHappened])


def _fragile(runtime: ServiceRuntime, broken: set[int]):
    """Counts effects per subject; fails on the probes whose n is in ``broken`` (a bug)."""

    async def handler(data: ProbeHappened, envelope: Envelope, tx: Transaction) -> None:
        if data.n in broken:
            raise ValueError(f"cannot handle probe {data.n}")
        await tx.collection("effects").update_one(
            {"_id": envelope.subject}, {"$inc": {"count": 1, "sum": data.n}}, upsert=True
        )

    return handler


async def _record(runtime: ServiceRuntime, n: int, subject: str) -> Envelope:
    async def work(tx: Transaction) -> Envelope:
        return await tx.record_event(
            ProbeHappened(n=n), subject=subject, entity="BE", correlation_id="saga-1"
        )

    return await runtime.uow.run(work)


async def _send_raw(runtime: ServiceRuntime, value: bytes | None, headers: list) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=runtime.settings.kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            runtime.settings.topic(ProbeHappened.stream), value=value, key=b"k", headers=headers
        )
    finally:
        await producer.stop()


async def _effects(runtime: ServiceRuntime) -> dict[str, int]:
    return {doc["_id"]: doc["count"] for doc in await runtime.uow.find("effects", {})}


def _staff_client(runtime: ServiceRuntime) -> httpx.AsyncClient:
    document = build_asyncapi(
        service="probe", description="probe", publishes=(), consumes=(ProbeHappened,)
    )
    app = create_app(
        runtime, title="probe", description="probe", routers=[], asyncapi=document, container=None
    )
    token = runtime.token_codec.issue("staff-1", "BE", frozenset({Role.ADMIN}))
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://probe",
        headers={"Authorization": f"Bearer {token}"},
    )


async def test_a_failing_event_reaches_staff_who_replay_it_after_the_fix(infrastructure):
    runtime = _runtime(infrastructure, consumer_max_attempts=2)
    broken = {-1}
    runtime.consumer("probe-fragile").on(ProbeHappened, _fragile(runtime, broken))
    await runtime.start()
    try:
        poison = await _record(runtime, -1, subject="job-poison")
        await _record(runtime, 3, subject="job-healthy")
        await eventually(lambda: runtime.uow.find(DEAD_LETTERS, {}))
        assert await _effects(runtime) == {"job-healthy": 1}
        async with _staff_client(runtime) as client:
            [listed] = (await client.get("/v1/operations/dead-letters")).json()
            assert listed["type"] == ProbeHappened.event_type
            assert listed["subject"] == "job-poison" and listed["event_id"] == poison.id
            assert "cannot handle probe -1" in listed["reason"]
            assert listed["consumer"] == "probe-fragile" and listed["status"] == "open"
            url = f"/v1/operations/dead-letters/{listed['dead_letter_id']}"

            still = await client.post(f"{url}/replay")  # not fixed yet: it stays open
            assert still.status_code == 409 and "stays open" in still.json()["detail"]
            broken.clear()  # the fix is deployed
            replayed = await client.post(f"{url}/replay")
            assert replayed.status_code == 200, replayed.text
            assert replayed.json()["had_effect"] is True
            assert replayed.json()["dead_letter"]["status"] == "replayed"
            assert (await client.post(f"{url}/replay")).status_code == 409
            assert await _effects(runtime) == {"job-healthy": 1, "job-poison": 1}
            assert (await client.get("/v1/operations/dead-letters")).json() == []
            member = runtime.token_codec.issue("m-1", "BE", frozenset({Role.MEMBER}))
            forbidden = await client.get(
                "/v1/operations/dead-letters", headers={"Authorization": f"Bearer {member}"}
            )
            assert forbidden.status_code == 403
    finally:
        await runtime.stop()


async def test_poison_records_are_set_aside_at_once_and_discarded_with_a_reason(infrastructure):
    runtime = _runtime(infrastructure)
    runtime.consumer("probe-fragile").on(ProbeHappened, _fragile(runtime, set()))
    unknown_type = "coop.smart.test.probe.renamed.v9"
    unknown = EVENTS_CONSUMED.labels("probe-fragile", unknown_type, "unknown_type")
    before = unknown._value.get()
    await runtime.start()
    try:
        headers = list(
            {
                k: v.encode()
                for k, v in Envelope.wrap(
                    ProbeHappened(n=1), source="/t", subject="s", entity="BE", correlation_id="c"
                )
                .headers()
                .items()
            }.items()
        )
        await _send_raw(runtime, None, headers)  # a tombstone
        await _send_raw(runtime, b"[1, 2]", headers)  # JSON, not an object
        await _send_raw(runtime, b"\xff not json", headers)
        renamed = [(k, unknown_type.encode() if k == "ce_type" else v) for k, v in headers]
        renamed = [(k, str(uuid.uuid4()).encode() if k == "ce_id" else v) for k, v in renamed]
        await _send_raw(runtime, json.dumps({"n": 2}).encode(), renamed)
        await _record(runtime, 4, subject="after")  # the consumer goes on past them

        async def three_kept():
            kept = await runtime.uow.find(DEAD_LETTERS, {})
            return kept if len(kept) == 3 and await _effects(runtime) else None

        kept = await eventually(three_kept)
        reasons = sorted(document["reason"] for document in kept)
        assert any("tombstone" in reason for reason in reasons)
        assert any("JSON list" in reason for reason in reasons)
        assert any("not JSON" in reason for reason in reasons)
        assert unknown._value.get() == before + 1  # counted (and logged), not kept
        async with _staff_client(runtime) as client:
            target = kept[0]["_id"]
            url = f"/v1/operations/dead-letters/{target}"
            assert (await client.post(f"{url}/replay")).status_code == 422
            assert (
                await client.post(f"{url}/discard", json={"reason": "x\u0001"})
            ).status_code == 422
            closed = await client.post(f"{url}/discard", json={"reason": "garbage from a test"})
            assert closed.status_code == 200, closed.text
            assert closed.json()["resolution"]["by"] == "staff-1"
            assert closed.json()["status"] == "discarded"
            assert len((await client.get("/v1/operations/dead-letters")).json()) == 2
            discarded = await client.get("/v1/operations/dead-letters?status=discarded")
            assert [d["dead_letter_id"] for d in discarded.json()] == [target]
    finally:
        await runtime.stop()


async def test_retries_are_counted_across_a_restart(infrastructure):
    env = infrastructure.settings_env("probe")
    first = _runtime(infrastructure, env, consumer_max_attempts=3)
    first.consumer("probe-fragile").on(ProbeHappened, _fragile(first, {-1}))
    await first.start()
    try:
        poison = await _record(first, -1, subject="job-poison")
        await eventually(lambda: first.uow.find(ATTEMPTS, {"attempts": {"$gte": 2}}), timeout=30)
    finally:
        await first.stop()
    # restarted: one attempt left, not three
    second = _runtime(infrastructure, env, consumer_max_attempts=3)
    second.consumer("probe-fragile").on(ProbeHappened, _fragile(second, {-1}))
    await second.start()
    try:
        [kept] = await eventually(lambda: second.uow.find(DEAD_LETTERS, {}), timeout=30)
        assert kept["event_id"] == poison.id
        [attempts] = await second.uow.find(ATTEMPTS, {})
        assert attempts["attempts"] == 3
    finally:
        await second.stop()


async def test_a_failed_batch_across_partitions_loses_no_record(infrastructure):
    """Three partitions, records of many aggregates in one batch, one of them failing twice:
    every other record is handled once, whatever partition it was in."""
    runtime = _runtime(infrastructure, topic_partitions=3, consumer_max_attempts=5)
    failures = {"left": 2}

    async def flaky(data: ProbeHappened, envelope: Envelope, tx: Transaction) -> None:
        if data.n == 7 and failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("transient bug")
        await tx.collection("effects").update_one(
            {"_id": envelope.subject}, {"$inc": {"count": 1}}, upsert=True
        )

    runtime.consumer("probe-flaky").on(ProbeHappened, flaky)
    runtime.relay.start = lambda: None  # publish all at once, by hand, to get one batch
    await runtime.start()
    try:
        subjects = [f"job-{index}" for index in range(30)]
        for index, subject in enumerate(subjects):
            await _record(runtime, index if index != 12 else 7, subject=subject)
        assert await runtime.relay.publish_pending() == 30

        async def all_handled():
            effects = await _effects(runtime)
            return effects if len(effects) == 30 else None

        effects = await eventually(all_handled, timeout=60)
        assert set(effects) == set(subjects) and set(effects.values()) == {1}
        assert failures["left"] == 0
        assert await runtime.uow.find(DEAD_LETTERS, {}) == []
    finally:
        await runtime.stop()
