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
from pymongo.errors import DuplicateKeyError

from smart_common.persistence import Transaction, UnitOfWork, utcnow
from smart_common.problems import Unprocessable

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


def answer_status(response: Response, created_now: bool) -> None:
    """201 for what this request created, 200 when the Idempotency-Key replays an answer."""
    response.status_code = 201 if created_now else 200


def fingerprint(payload: BaseModel | dict[str, Any]) -> str:
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


async def run_idempotent(
    uow: UnitOfWork,
    *,
    scope: str,
    key: str | None,
    request_fingerprint: str,
    create: Callable[[Transaction], Awaitable[dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """Run ``create`` once per (scope, key); returns (answer, created_now)."""
    if key is None:
        return await uow.run(create), True
    record_id = f"{scope}:{key}"
    stored = await uow.find_one(COLLECTION, {"_id": record_id})
    if stored is None:

        async def create_and_remember(tx: Transaction) -> dict[str, Any]:
            answer = await create(tx)
            await tx.collection(COLLECTION).insert_one(
                {
                    "_id": record_id,
                    "fingerprint": request_fingerprint,
                    "answer": answer,
                    "at": utcnow(),
                }
            )
            return answer

        try:
            return await uow.run(create_and_remember), True
        except DuplicateKeyError:
            stored = await uow.find_one(COLLECTION, {"_id": record_id})
            if stored is None:
                raise
    if stored["fingerprint"] != request_fingerprint:
        raise Unprocessable(
            "this Idempotency-Key was already used with a different request body",
            type_suffix="idempotency-key-reuse",
        )
    return stored["answer"], False
