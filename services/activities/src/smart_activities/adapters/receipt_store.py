"""Where receipts are kept: a port, and its MongoDB GridFS adapter (an S3-compatible store
would be another). A receipt is stored under its content's hash, before the transaction that
ties it to its note (GridFS cannot write inside a transaction): storing it again stores
nothing, and a file whose transaction failed is only an unreferenced copy."""

from __future__ import annotations

from typing import Protocol

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, UnitOfWork

BUCKET = "receipts"


class ReceiptStore(Protocol):
    async def put(self, digest: str, data: bytes, media_type: str) -> None: ...

    async def get(self, digest: str) -> bytes | None: ...


class GridFsReceipts:
    """Receipts in the service's own database, through the unit of work's serialised access
    (the embedded server runs one transaction at a time; GridFS writes outside them)."""

    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def put(self, digest: str, data: bytes, media_type: str) -> None:
        async def upload(database: AsyncDatabase[Document]) -> None:
            if await database[f"{BUCKET}.files"].find_one({"_id": digest}, {"_id": 1}) is None:
                await AsyncGridFSBucket(database, bucket_name=BUCKET).upload_from_stream_with_id(
                    digest, digest, data, metadata={"media_type": media_type}
                )

        await self._uow.single(upload)

    async def get(self, digest: str) -> bytes | None:
        async def download(database: AsyncDatabase[Document]) -> bytes | None:
            bucket = AsyncGridFSBucket(database, bucket_name=BUCKET)
            try:
                stream = await bucket.open_download_stream(digest)
            except NoFile:
                return None
            return await stream.read()

        return await self._uow.read(download)
