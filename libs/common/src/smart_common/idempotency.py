"""``Idempotency-Key`` on creating POSTs: the first answer is stored and replayed.

The key record is written in the same transaction as what the request creates, so a retried
request either finds the stored answer or creates everything once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header, Response
from pydantic import BaseModel

from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.problems import Problem, Unprocessable

COLLECTION = "idempotency_keys"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Repeat a creating request safely: the same key returns the first answer.",
    ),
]


class IdempotencyKeyRequired(Problem):
    status = 428
    type_suffix = "idempotency-key-required"


def required_key(key: str | None, what: str) -> str:
    """Money-moving requests must be repeatable safely: without a key they are refused (428)."""
    if key is None:
        raise IdempotencyKeyRequired(
            f"{what} moves money: send an Idempotency-Key header (the same key when you retry)"
        )
    return key


def answer_status(response: Response, created_now: bool) -> None:
    """201 for what this request created, 200 when the Idempotency-Key replays an answer."""
    response.status_code = 201 if created_now else 200


def fingerprint(payload: BaseModel | dict[str, Any]) -> str:
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class _AlreadyAnswered(Exception):
    """The key was used before: the transaction that ran ``create`` again is rolled back."""


async def run_idempotent(
    uow: UnitOfWork,
    *,
    scope: str,
    key: str | None,
    request_fingerprint: str,
    create: Callable[[Transaction], Awaitable[dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """Run ``create`` once per (scope, key); returns (answer, created_now).

    The key and the answer are written by one upsert at the end of the transaction in which
    ``create`` wrote: the usual request (a new key) costs one command. When the key exists
    (a retried request), the upsert inserts nothing, the transaction is rolled back — nothing
    ``create`` wrote is kept — and the stored answer is returned; when ``create`` fails, a
    stored answer is returned instead of the error (the first request changed what a second
    creation would find). A concurrent request with the same key conflicts (a transient
    error, retried) and then finds the stored answer; nothing relies on a duplicate-key error
    inside a transaction.
    """
    if key is None:
        return await uow.run(create), True
    record_id = f"{scope}:{key}"

    async def once(tx: Transaction) -> dict[str, Any]:
        answer = await create(tx)
        record = {
            "_id": record_id,
            "fingerprint": request_fingerprint,
            "answer": answer,
            "at": tx.clock.now(),
        }
        if not await tx.collection(COLLECTION).insert_if_absent(record):
            raise _AlreadyAnswered
        return answer

    try:
        return await uow.run(once), True
    except Exception:
        stored = await uow.find_one(COLLECTION, {"_id": record_id})
        if stored is None:
            raise
    return _replayed(stored, request_fingerprint), False


async def run_idempotent_as[Answer: BaseModel](
    answer_model: type[Answer],
    uow: UnitOfWork,
    *,
    scope: str,
    key: str | None,
    request_fingerprint: str,
    create: Callable[[Transaction], Awaitable[Answer]],
) -> tuple[Answer, bool]:
    """``run_idempotent`` for a typed answer: kept as its JSON, replayed as the model."""

    async def create_json(tx: Transaction) -> dict[str, Any]:
        return (await create(tx)).model_dump(mode="json")

    answer, created = await run_idempotent(
        uow, scope=scope, key=key, request_fingerprint=request_fingerprint, create=create_json
    )
    return answer_model.model_validate(answer), created


def _replayed(stored: Document, request_fingerprint: str) -> dict[str, Any]:
    if stored["fingerprint"] != request_fingerprint:
        raise Unprocessable(
            "this Idempotency-Key was already used with a different request body",
            type_suffix="idempotency-key-reuse",
        )
    answer: dict[str, Any] = stored["answer"]
    return answer


async def run_remembered(
    uow: UnitOfWork,
    *,
    scope: str,
    key: str,
    request_fingerprint: str,
    run: Callable[[], Awaitable[dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """For operations that span several transactions and are idempotent by their state
    (a guarantee run, a payment batch): the first answer is kept and replayed for the key."""
    record_id = f"{scope}:{key}"
    stored = await uow.find_one(COLLECTION, {"_id": record_id})
    if stored is None:
        answer = await run()

        async def remember(tx: Transaction) -> Document | None:
            """None when this request's answer was kept; else the one another request kept."""
            records = tx.collection(COLLECTION)
            document = {
                "_id": record_id,
                "fingerprint": request_fingerprint,
                "answer": answer,
                "at": tx.clock.now(),
            }
            if await records.insert_if_absent(document):
                return None
            return await records.find_one({"_id": record_id})

        stored = await uow.run(remember)
        if stored is None:
            return answer, True
    return _replayed(stored, request_fingerprint), False
