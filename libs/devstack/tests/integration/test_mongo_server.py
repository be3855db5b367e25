"""The embedded MongoDB-wire server aborts a transaction that outlives its lifetime limit, as
MongoDB does: a killed client never blocks the database for good, and a slow client whose
transaction was aborted is told so (a transient error) instead of committing half of it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import OperationFailure

from smart_devstack.mongo_server import running_server

HOLD = textwrap.dedent(
    """
    import asyncio, sys
    from pymongo import AsyncMongoClient

    async def hold():
        client = AsyncMongoClient(sys.argv[1])
        session = client.start_session()
        await session.start_transaction()
        await client.db.held.insert_one({"_id": 1}, session=session)
        print("holding", flush=True)
        await asyncio.sleep(600)

    asyncio.run(hold())
    """
)


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path / "db.sqlite", transaction_lifetime=1) as uri:
        yield uri


def _killed_while_holding_a_transaction(uri: str) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, uri], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    holder.kill()  # SIGKILL in the middle of its transaction
    holder.wait()


async def test_a_killed_clients_transaction_stops_blocking_the_database(server):
    _killed_while_holding_a_transaction(server)
    client: AsyncMongoClient = AsyncMongoClient(server)
    try:
        started = time.monotonic()
        while True:
            try:
                await client.db.other.create_index("field")
                break
            except OperationFailure as error:
                assert "active transaction" in str(error)
                assert time.monotonic() - started < 15, "the dead transaction was never aborted"
                await asyncio.sleep(0.2)
        assert await client.db.held.count_documents({}) == 0  # nothing of it was kept
    finally:
        await client.close()


async def test_a_slow_clients_aborted_transaction_fails_instead_of_committing_half(server):
    client: AsyncMongoClient = AsyncMongoClient(server)
    try:
        async with client.start_session() as session:
            await session.start_transaction()
            await client.db.slow.insert_one({"_id": "first"}, session=session)
            await asyncio.sleep(2.5)  # past the limit: the server aborts it
            with pytest.raises(OperationFailure) as raised:
                await client.db.slow.insert_one({"_id": "second"}, session=session)
                await session.commit_transaction()
            assert raised.value.has_error_label("TransientTransactionError")
            if session.in_transaction:
                await session.abort_transaction()
        assert await client.db.slow.count_documents({}) == 0
    finally:
        await client.close()
