"""Duplicates inside a transaction, under MongoDB's rule that any write error aborts it.

The embedded server lets a transaction go on after a write error; the strict double makes it
abort as a real replica set does, so these tests hold for both.
"""

from __future__ import annotations

import uuid

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import DuplicateKeyError, OperationFailure

from smart_common.idempotency import run_idempotent
from smart_common.persistence import Transaction, UnitOfWork, is_transient
from smart_common.problems import Unprocessable
from smart_devstack.strict_transactions import strict


@pytest.fixture
async def uow(infrastructure):
    client: AsyncMongoClient = AsyncMongoClient(infrastructure.mongodb_uri, tz_aware=True)
    database = client[f"strict_{uuid.uuid4().hex[:10]}"]
    strict_client, strict_database = strict(client, database)
    yield UnitOfWork(strict_client, strict_database, source="/test", serialize=True, max_attempts=3)
    await client.close()


async def test_the_double_aborts_a_transaction_that_goes_on_after_a_write_error(uow):
    """What the old inbox claim did: insert, catch the duplicate, continue. MongoDB refuses it."""
    await uow.run(lambda tx: tx.collection("inbox").insert_one({"_id": "c:e1"}))

    async def claim_by_catching(tx: Transaction) -> None:
        try:
            await tx.collection("inbox").insert_one({"_id": "c:e1"})
        except DuplicateKeyError:
            pass
        await tx.collection("effects").insert_one({"_id": "effect"})

    with pytest.raises(OperationFailure) as raised:
        await uow._attempt(claim_by_catching)
    assert raised.value.code == 251 and is_transient(raised.value)
    assert await uow.find("effects", {}) == []  # nothing half-written


async def test_a_redelivered_event_is_claimed_once_and_its_transaction_commits(uow):
    async def handle(tx: Transaction) -> bool:
        claimed = await tx.claim_event("consumer", "event-1")
        if claimed:
            await tx.collection("effects").update_one(
                {"_id": "effect"}, {"$inc": {"count": 1}}, upsert=True
            )
        await tx.collection("seen").update_one(
            {"_id": "deliveries"}, {"$inc": {"count": 1}}, upsert=True
        )
        return claimed

    assert await uow.run(handle) is True
    assert await uow.run(handle) is False  # a duplicate: no error, the transaction commits
    assert (await uow.find_one("effects", {"_id": "effect"}))["count"] == 1
    assert (await uow.find_one("seen", {"_id": "deliveries"}))["count"] == 2


async def test_an_idempotency_key_replays_the_first_answer_without_a_write_error(uow):
    created: list[str] = []

    async def create(tx: Transaction) -> dict:
        payment_id = str(uuid.uuid4())
        await tx.collection("payments").insert_one({"_id": payment_id})
        created.append(payment_id)
        return {"payment_id": payment_id}

    first, first_new = await run_idempotent(
        uow, scope="payments", key="k-1", request_fingerprint="f", create=create
    )
    again, again_new = await run_idempotent(
        uow, scope="payments", key="k-1", request_fingerprint="f", create=create
    )
    assert (first_new, again_new) == (True, False) and again == first
    # the retry ran ``create`` again, in a transaction that was rolled back
    assert len(created) == 2 and len(await uow.find("payments", {})) == 1


async def test_a_batch_claims_only_what_was_not_seen_and_its_transaction_commits(uow):
    """A consumer batch claims its events in two commands; a redelivered event and the same
    event twice in one batch are not claimed again, without a write error."""
    assert await uow.run(lambda tx: tx.claim_events("consumer", ["e1"])) == {"e1"}

    claimed = await uow.run(lambda tx: tx.claim_events("consumer", ["e1", "e2", "e3", "e2"]))
    assert claimed == {"e2", "e3"}
    assert await uow.run(lambda tx: tx.claim_events("other", ["e1", "e2"])) == {"e1", "e2"}
    rows = await uow.find("inbox", {"consumer": "consumer"})
    assert sorted(row["_id"] for row in rows) == ["consumer:e1", "consumer:e2", "consumer:e3"]


async def test_a_replayed_key_keeps_nothing_of_the_second_run_and_answers_the_first(uow):
    """The second run of ``create`` is rolled back, and when it fails (the first request
    changed what it finds) the first answer is still what the retry gets."""

    async def pay_once(tx: Transaction) -> dict:
        if await tx.collection("payments").find_one({"_id": "invoice-1"}):
            raise Unprocessable("invoice-1 is paid already")
        await tx.collection("payments").insert_one({"_id": "invoice-1"})
        await tx.collection("log").insert_one({"_id": str(uuid.uuid4())})
        return {"paid": "invoice-1"}

    async def log_then_create(tx: Transaction) -> dict:
        await tx.collection("log").insert_one({"_id": str(uuid.uuid4())})
        return {"paid": "invoice-1"}

    first = await run_idempotent(
        uow, scope="pay", key="k", request_fingerprint="f", create=pay_once
    )
    again = await run_idempotent(
        uow, scope="pay", key="k", request_fingerprint="f", create=pay_once
    )
    replayed = await run_idempotent(
        uow, scope="pay", key="k", request_fingerprint="f", create=log_then_create
    )
    assert first == ({"paid": "invoice-1"}, True)
    assert again == replayed == ({"paid": "invoice-1"}, False)
    assert len(await uow.find("log", {})) == 1  # the replay's write was rolled back
    with pytest.raises(Unprocessable):
        await run_idempotent(uow, scope="pay", key="k", request_fingerprint="g", create=pay_once)
    with pytest.raises(Unprocessable, match="paid already"):
        await run_idempotent(uow, scope="pay", key="k2", request_fingerprint="f", create=pay_once)
