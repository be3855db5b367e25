"""A test double of MongoDB's transaction semantics that the embedded server does not have.

On a real replica set, any write error inside a transaction (a duplicate key included) aborts
the whole transaction: every later operation in it, and the commit, fail with
``NoSuchTransaction`` labelled ``TransientTransactionError``. The embedded server lets the
transaction go on, which hides code that catches a write error and continues. Wrapping the
client and database with :func:`strict` makes the embedded server behave like MongoDB here:

    client, database = strict(real_client, real_client["db"])
    uow = UnitOfWork(client, database, source="/test", serialize=True)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure, PyMongoError

NO_SUCH_TRANSACTION = 251


def _aborted(cause: PyMongoError) -> OperationFailure:
    return OperationFailure(
        f"Transaction has been aborted (after: {cause})",
        code=NO_SUCH_TRANSACTION,
        details={
            "code": NO_SUCH_TRANSACTION,
            "codeName": "NoSuchTransaction",
            "errmsg": "Transaction has been aborted",
            "errorLabels": ["TransientTransactionError"],
        },
    )


class StrictSession:
    """A session that remembers the first write error of its transaction."""

    def __init__(self, session: AsyncClientSession):
        self.inner = session
        self.failed: PyMongoError | None = None

    async def __aenter__(self) -> StrictSession:
        await self.inner.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.inner.__aexit__(*exc_info)

    async def start_transaction(self, *args: Any, **kwargs: Any) -> _StrictTransaction:
        self.failed = None
        return _StrictTransaction(await self.inner.start_transaction(*args, **kwargs), self)

    def check(self) -> None:
        if self.failed is not None:
            raise _aborted(self.failed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class _StrictTransaction:
    def __init__(self, context: Any, session: StrictSession):
        self._context = context
        self._session = session

    async def __aenter__(self) -> _StrictTransaction:
        await self._context.__aenter__()
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, traceback: Any) -> None:
        failed = self._session.failed
        if exc is None and failed is not None:
            error = _aborted(failed)
            await self._context.__aexit__(type(error), error, None)  # aborts the real one
            raise error
        await self._context.__aexit__(exc_type, exc, traceback)


class StrictCollection:
    """Operations on a collection: inside a failed transaction they fail, as on MongoDB."""

    def __init__(self, collection: Any):
        self._collection = collection

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._collection, name)
        if not callable(attribute):
            return attribute
        if name in ("find", "aggregate", "list_indexes"):  # cursors: not awaited here
            return self._cursor(attribute)
        return self._operation(attribute)

    @staticmethod
    def _cursor(method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, session: Any = None, **kwargs: Any) -> Any:
            if isinstance(session, StrictSession):
                session.check()
                session = session.inner
            return method(*args, session=session, **kwargs)

        return call

    @staticmethod
    def _operation(method: Callable[..., Any]) -> Callable[..., Any]:
        async def call(*args: Any, session: Any = None, **kwargs: Any) -> Any:
            if not isinstance(session, StrictSession):
                return await method(*args, session=session, **kwargs)
            session.check()
            try:
                return await method(*args, session=session.inner, **kwargs)
            except PyMongoError as error:
                if session.inner.in_transaction:
                    session.failed = error
                raise

        return call


class StrictDatabase:
    def __init__(self, database: AsyncDatabase[Any]):
        self._database = database

    def __getitem__(self, name: str) -> StrictCollection:
        return StrictCollection(self._database[name])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._database, name)


class StrictClient:
    def __init__(self, client: AsyncMongoClient[Any]):
        self._client = client

    def start_session(self, *args: Any, **kwargs: Any) -> StrictSession:
        return StrictSession(self._client.start_session(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def strict(client: AsyncMongoClient[Any], database: AsyncDatabase[Any]) -> tuple[Any, Any]:
    """The client and database, with MongoDB's abort-on-write-error transaction semantics."""
    return StrictClient(client), StrictDatabase(database)
