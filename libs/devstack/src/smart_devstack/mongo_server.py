"""A MongoDB-wire server (mongoeco) on a SQLite file: ``python -m smart_devstack.mongo_server``.

mongoeco keeps a transaction open for as long as its session lives: a client killed in the
middle of one (SIGKILL, a crashed pod) would block every later transaction of the database
for good. MongoDB aborts a transaction that outlives ``transactionLifetimeLimitSeconds`` (60 s
by default); :class:`TransactionLifetime` does the same here, and like MongoDB it refuses the
late commit or any later operation of the aborted transaction (``NoSuchTransaction``, labelled
``TransientTransactionError``), so that a client that was only slow runs it again instead of
believing it committed. Relies on mongoeco's ``WireSessionStore`` (version pinned;
``tests`` check the behaviour through the real driver).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mongoeco.errors import OperationFailure
from mongoeco.wire import AsyncMongoEcoProxyServer
from mongoeco.wire._session_identity import wire_session_key
from mongoeco.wire.sessions import WireSessionStore

from smart_devstack.embedded_engine import FlatCostSQLiteEngine

log = logging.getLogger(__name__)
NO_SUCH_TRANSACTION = 251


class TransactionLifetime:
    """Aborts the transactions of a session store that outlive ``limit`` seconds."""

    def __init__(self, store: WireSessionStore, limit: float):
        self._store = store
        self._limit = limit
        self._started: dict[str, tuple[Any, float]] = {}  # session key → (txnNumber, when)
        self._aborted: set[tuple[str, Any]] = set()
        self._resolve = store.resolve_for_command
        self._commit = store.commit_transaction
        self._abort = store.abort_transaction
        store.resolve_for_command = self._resolve_for_command  # type: ignore[method-assign]
        store.commit_transaction = self._commit_transaction  # type: ignore[method-assign]
        store.abort_transaction = self._abort_transaction  # type: ignore[method-assign]

    def _refuse_aborted(self, body: dict[str, Any]) -> None:
        lsid = body.get("lsid")
        if lsid is None or "txnNumber" not in body:
            return
        if (wire_session_key(lsid), body["txnNumber"]) in self._aborted:
            raise OperationFailure(
                f"Transaction {body['txnNumber']} has been aborted: it outlived "
                f"the transaction lifetime limit ({self._limit:g} s)",
                code=NO_SUCH_TRANSACTION,
                error_labels=("TransientTransactionError",),
            )

    def _resolve_for_command(self, client: Any, body: dict[str, Any], **kwargs: Any) -> Any:
        self._refuse_aborted(body)
        session = self._resolve(client, body, **kwargs)
        if session is not None and body.get("startTransaction") is True:
            self._started[wire_session_key(body["lsid"])] = (
                body.get("txnNumber"),
                time.monotonic(),
            )
        return session

    def _commit_transaction(self, body: dict[str, Any]) -> dict[str, Any]:
        self._refuse_aborted(body)
        return self._commit(body)

    def _abort_transaction(self, body: dict[str, Any]) -> dict[str, Any]:
        lsid = body.get("lsid")
        if lsid is not None:
            self._aborted.discard((wire_session_key(lsid), body.get("txnNumber")))
        return self._abort(body)

    def sweep(self) -> int:
        """Abort what outlived the limit; returns how many transactions were aborted."""
        now, aborted = time.monotonic(), 0
        sessions = self._store._sessions
        for key, (number, started) in list(self._started.items()):
            context = sessions.get(key)
            if context is None or not context.session.transaction_active:
                del self._started[key]
            elif now - started > self._limit:
                context.session.abort_transaction()
                del self._started[key]
                self._aborted.add((key, number))
                aborted += 1
                log.warning("aborted transaction %s of session %s (lifetime limit)", number, key)
        if len(self._aborted) > 10_000:
            self._aborted = set(list(self._aborted)[-1000:])
        return aborted


async def serve(path: Path, host: str, port: int, transaction_lifetime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    server = AsyncMongoEcoProxyServer(
        engine=FlatCostSQLiteEngine(path=str(path)), host=host, port=port
    )
    lifetime = TransactionLifetime(server._session_store, transaction_lifetime)
    address = await server.start()
    print(f"mongodb-wire listening on {address.uri}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), max(transaction_lifetime / 4, 0.25))
        except TimeoutError:
            lifetime.sweep()
    await server.close()


@contextmanager
def running_server(path: Path, transaction_lifetime: float = 60.0) -> Iterator[str]:
    """A server process on a SQLite file for a benchmark or a test; yields its URI."""
    from smart_devstack.stack import free_port, port_open

    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smart_devstack.mongo_server",
            "--path",
            str(path),
            "--port",
            str(port),
            "--transaction-lifetime",
            str(transaction_lifetime),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not port_open(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the embedded MongoDB-wire server did not start")
            time.sleep(0.1)
        yield f"mongodb://127.0.0.1:{port}/?directConnection=true"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, required=True, help="SQLite file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--transaction-lifetime",
        type=float,
        default=60.0,
        help="seconds before an open transaction is aborted (MongoDB's default: 60)",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    asyncio.run(
        serve(arguments.path, arguments.host, arguments.port, arguments.transaction_lifetime)
    )


if __name__ == "__main__":
    main()
