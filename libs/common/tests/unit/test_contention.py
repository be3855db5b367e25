"""Contention is transient: retried with backoff, and an HTTP caller gets 503, never 500."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from pymongo.errors import AutoReconnect, DuplicateKeyError, OperationFailure

from smart_common.persistence import RetryableConflict, UnitOfWork, is_transient
from smart_common.problems import install_problem_handlers


def test_what_is_transient():
    assert is_transient(OperationFailure("database is locked"))  # the embedded server, busy
    assert is_transient(OperationFailure("Write conflict during plan execution"))
    assert is_transient(AutoReconnect("connection reset"))
    labelled = OperationFailure("x", details={"errorLabels": ["TransientTransactionError"]})
    assert is_transient(labelled)
    assert not is_transient(DuplicateKeyError("E11000 duplicate key"))
    assert not is_transient(OperationFailure("unknown operator $foo"))


class Busy:
    """A unit of work whose first attempts meet a locked database."""

    def __init__(self, failures: int):
        self.failures = failures
        self.attempts = 0

    async def attempt(self, work):
        self.attempts += 1
        if self.attempts <= self.failures:
            raise OperationFailure("database is locked")
        return "done", type("Tx", (), {"published": []})()


async def test_a_locked_database_is_retried_then_answers_503():
    uow = UnitOfWork(None, None, source="/t", serialize=False, max_attempts=4)  # type: ignore[arg-type]
    busy = Busy(failures=2)
    uow._attempt = busy.attempt  # type: ignore[method-assign]
    assert await uow.run(lambda tx: None) == "done" and busy.attempts == 3

    always = Busy(failures=100)
    uow._attempt = always.attempt  # type: ignore[method-assign]
    with pytest.raises(RetryableConflict):
        await uow.run(lambda tx: None)
    assert always.attempts == 4  # bounded

    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/v1/payments")
    async def pay() -> dict:
        return await uow.run(lambda tx: None)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        answer = await client.post("/v1/payments")
    assert answer.status_code == 503 and answer.headers["retry-after"] == "1"
    assert answer.headers["content-type"] == "application/problem+json"
