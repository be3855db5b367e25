"""MongoDB access: the unit of work, its transaction, the outbox and the inbox.

Repositories receive a :class:`Transaction` and never commit: the unit of work commits at the
boundary, with the aggregate changes, the outgoing events (outbox) and the processed event ids
(inbox) in one MongoDB transaction.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from opentelemetry import propagate
from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure, OperationFailure, PyMongoError

from smart_common.clock import Clock, SystemClock
from smart_common.events.envelope import Envelope, EventData

log = logging.getLogger(__name__)

OUTBOX = "outbox"
INBOX = "inbox"

IN_CHUNK = 200
"""Most values one ``$in`` carries (the embedded server turns a longer list into an SQL
expression deeper than SQLite allows)."""

type Document = dict[str, Any]


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


class Transaction:
    """One MongoDB transaction: collections bound to its session, plus outbox and inbox."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        session: AsyncClientSession,
        source: str,
        clock: Clock,
        publishes: frozenset[str] | None = None,
    ):
        self.database = database
        self.session = session
        self.clock = clock
        self._source = source
        self._publishes = publishes
        self.published: list[Envelope] = []
        self._outbox: list[Document] = []

    def collection(self, name: str) -> BoundCollection:
        return BoundCollection(self.database[name], self.session)

    async def record_event(
        self,
        data: EventData,
        *,
        subject: str,
        entity: str,
        correlation_id: str,
        traceparent: str | None = None,
    ) -> Envelope:
        """Put an event in the outbox, to be published once this transaction commits.

        The outbox rows of a transaction are written together just before it commits (one
        command however many events it raised).

        The event joins the current trace, or ``traceparent`` when given (a step of a saga
        triggered from outside it, e.g. a bank payment, stays in the saga's trace).
        """
        if self._publishes is not None and data.event_type not in self._publishes:
            raise UndeclaredEvent(
                f"{self._source} records {data.event_type} without declaring it among what it "
                "publishes (its topic, its AsyncAPI document)"
            )
        envelope = Envelope.wrap(
            data,
            source=self._source,
            subject=subject,
            entity=entity,
            correlation_id=correlation_id,
            traceparent=traceparent or current_traceparent(),
            time=self.clock.now(),
        )
        self._outbox.append(
            {
                "_id": envelope.id,
                "stream": data.stream,
                "envelope": envelope.model_dump(mode="json"),
                "recorded_at": self.clock.now(),
                "published_at": None,
            }
        )
        self.published.append(envelope)
        return envelope

    async def write_outbox(self) -> None:
        """Called by the unit of work before it commits."""
        if self._outbox:
            await self.database[OUTBOX].insert_many(self._outbox, session=self.session)
            self._outbox = []

    async def claim_event(self, consumer: str, event_id: str) -> bool:
        """Record that ``consumer`` handles ``event_id``; False for a duplicate.

        An upsert, not an insert that may fail: on a real MongoDB replica set any write error
        (a duplicate key included) aborts the whole transaction.
        """
        return await self.collection(INBOX).insert_if_absent(
            {"_id": f"{consumer}:{event_id}", "consumer": consumer, "at": self.clock.now()}
        )

    async def claim_events(self, consumer: str, event_ids: Sequence[str]) -> set[str]:
        """Record that ``consumer`` handles these events; returns those not seen before.

        Two commands however many events (one read of the inbox, one insert of the new
        rows), where one claim each would cost one per event. The read and the insert are in
        this transaction's snapshot: a concurrent claim of the same event is a write conflict
        (transient, the whole batch is retried and then sees it), never a duplicate key.
        """
        wanted = {f"{consumer}:{event_id}": event_id for event_id in event_ids}
        if len(wanted) == 1:
            (event_id,) = wanted.values()
            return {event_id} if await self.claim_event(consumer, event_id) else set()
        inbox = self.collection(INBOX)
        seen: set[str] = set()
        keys = list(wanted)
        for start in range(0, len(keys), IN_CHUNK):
            chunk = keys[start : start + IN_CHUNK]
            rows = await inbox.find({"_id": {"$in": chunk}}, projection={"_id": True})
            seen.update(row["_id"] for row in rows)
        now = self.clock.now()
        new = [key for key in keys if key not in seen]
        if new:
            await inbox.insert_many([{"_id": key, "consumer": consumer, "at": now} for key in new])
        return {wanted[key] for key in new}


class UndeclaredEvent(TypeError):
    """A service recorded an event type missing from what it declares it publishes: what it
    publishes is what its composition root declares (topics, AsyncAPI), never more."""


class BoundCollection:
    """A collection whose every call runs inside the transaction's session."""

    def __init__(self, collection: Any, session: AsyncClientSession):
        self._collection = collection
        self._session = session

    async def insert_one(self, document: Document) -> None:
        await self._collection.insert_one(document, session=self._session)

    async def insert_many(self, documents: Sequence[Document]) -> None:
        await self._collection.insert_many(list(documents), session=self._session)

    async def bulk_write(self, requests: Sequence[Any]) -> None:
        """Several writes in one command (``UpdateOne``… from PyMongo), in order."""
        if requests:
            await self._collection.bulk_write(list(requests), session=self._session)

    async def insert_if_absent(self, document: Document) -> bool:
        """Insert ``document`` unless its ``_id`` exists; True when this call inserted it.

        Use this, never ``insert_one`` and a caught ``DuplicateKeyError``, wherever a duplicate
        is expected inside a transaction: MongoDB aborts a transaction on any write error.
        """
        fields = {name: value for name, value in document.items() if name != "_id"}
        result = await self._collection.update_one(
            {"_id": document["_id"]}, {"$setOnInsert": fields}, upsert=True, session=self._session
        )
        return result.upserted_id is not None

    async def find_one(self, query: Document, **kwargs: Any) -> Document | None:
        return await self._collection.find_one(query, session=self._session, **kwargs)

    async def find(self, query: Document, **kwargs: Any) -> list[Document]:
        cursor = self._collection.find(query, session=self._session, **kwargs)
        return [document async for document in cursor]

    async def update_one(self, query: Document, update: Document, **kwargs: Any) -> int:
        result = await self._collection.update_one(query, update, session=self._session, **kwargs)
        return result.modified_count + (1 if result.upserted_id is not None else 0)

    async def find_one_and_update(
        self, query: Document, update: Document, **kwargs: Any
    ) -> Document | None:
        return await self._collection.find_one_and_update(
            query, update, session=self._session, **kwargs
        )

    async def update_many(self, query: Document, update: Document) -> int:
        result = await self._collection.update_many(query, update, session=self._session)
        return result.modified_count

    async def delete_one(self, query: Document) -> int:
        result = await self._collection.delete_one(query, session=self._session)
        return result.deleted_count

    async def delete_many(self, query: Document) -> int:
        result = await self._collection.delete_many(query, session=self._session)
        return result.deleted_count


class RetryableConflict(Exception):
    """The backend kept refusing a transaction for contention; a later attempt may succeed.

    Raised once the bounded retries are spent; HTTP answers it 503 with ``Retry-After``, a
    consumer retries the record later. Never a 500: contention is not the caller's fault.
    """


# Messages of the embedded MongoDB-wire server (SQLite underneath), which reports contention
# without MongoDB's TransientTransactionError label.
_EMBEDDED_CONTENTION = ("active transaction", "write conflict", "database is locked")


def is_transient(error: PyMongoError) -> bool:
    """Whether running the same transaction again may succeed (contention, lost connection)."""
    if isinstance(error, ConnectionFailure):
        return True
    if error.has_error_label("TransientTransactionError"):
        return True
    message = str(error).lower()
    return isinstance(error, OperationFailure) and any(
        marker in message for marker in _EMBEDDED_CONTENTION
    )


def _backoff(attempt: int) -> float:
    """Exponential backoff with jitter, capped: contending processes do not retry in step."""
    return random.uniform(0.5, 1.0) * min(0.01 * 2**attempt, 0.5)


class UnitOfWork:
    """Runs a function inside one MongoDB transaction and commits at the end.

    The function may run more than once (transient conflicts are retried), so it must only
    touch the database through the transaction it is given.
    """

    def __init__(
        self,
        client: AsyncMongoClient[Document],
        database: AsyncDatabase[Document],
        *,
        source: str,
        serialize: bool,
        clock: Clock | None = None,
        max_attempts: int = 20,
        publishes: frozenset[str] | None = None,
    ):
        self.client = client
        self.clock: Clock = clock or SystemClock()
        self.database = database
        self._source = source
        self._lock = asyncio.Lock() if serialize else None
        self._max_attempts = max_attempts
        self._publishes = publishes
        self._committed_listeners: list[Callable[[], None]] = []

    def on_commit(self, listener: Callable[[], None]) -> None:
        self._committed_listeners.append(listener)

    async def read[T](self, query: Callable[[AsyncDatabase[Document]], Awaitable[T]]) -> T:
        """Run reads outside a transaction.

        On the embedded backend even a read fails while another session's transaction is
        open, so reads take the same lock as transactions there (and retry on a conflict
        caused by another process).
        """
        for attempt in range(1, self._max_attempts + 1):
            try:
                if self._lock is None:
                    return await query(self.database)
                async with self._lock:
                    return await query(self.database)
            except PyMongoError as error:
                if not is_transient(error):
                    raise
                if attempt == self._max_attempts:
                    raise RetryableConflict(f"read kept conflicting: {error}") from error
                await asyncio.sleep(_backoff(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    async def single[T](self, command: Callable[[AsyncDatabase[Document]], Awaitable[T]]) -> T:
        """One write that needs no transaction (atomic per document, safe to repeat), with
        the same serialisation and retries as :meth:`read`: one round trip, no commit."""
        return await self.read(command)

    async def find_one(self, collection: str, query: Document, **kwargs: Any) -> Document | None:
        return await self.read(lambda database: database[collection].find_one(query, **kwargs))

    async def find(
        self,
        collection: str,
        query: Document,
        *,
        sort: list[tuple[str, int]] | None = None,
        limit: int = 0,
        **kwargs: Any,
    ) -> list[Document]:
        async def fetch(database: AsyncDatabase[Document]) -> list[Document]:
            cursor = database[collection].find(query, **kwargs)
            if sort:
                cursor = cursor.sort(sort)
            if limit:
                cursor = cursor.limit(limit)
            return [document async for document in cursor]

        return await self.read(fetch)

    async def run[T](self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        for attempt in range(1, self._max_attempts + 1):
            try:
                if self._lock is None:
                    result, tx = await self._attempt(work)
                else:
                    async with self._lock:
                        result, tx = await self._attempt(work)
            except PyMongoError as error:
                if not is_transient(error):
                    raise
                if attempt == self._max_attempts:
                    raise RetryableConflict(f"transaction kept conflicting: {error}") from error
                log.info("transaction conflict, retrying (attempt %d): %s", attempt, error)
                await asyncio.sleep(_backoff(attempt))
                continue
            if tx.published:
                for listener in self._committed_listeners:
                    listener()
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt[T](
        self, work: Callable[[Transaction], Awaitable[T]]
    ) -> tuple[T, Transaction]:
        async with self.client.start_session() as session:
            async with await session.start_transaction():
                tx = Transaction(self.database, session, self._source, self.clock, self._publishes)
                result = await work(tx)
                await tx.write_outbox()
        return result, tx


async def ensure_outbox_indexes(database: AsyncDatabase[Document]) -> None:
    await database[OUTBOX].create_index([("published_at", 1), ("recorded_at", 1)])
