"""Leases: work that one replica at a time must do (the outbox relay, the background workers).

During a rolling update two processes of a service run side by side. Each background loop
claims its lease before a round of work: a document ``{_id: name, owner, until}`` taken with
``find_one_and_update`` when it is free, expired or already ours, and renewed every round. A
process that dies or stops answering loses it after ``ttl``; another one takes over.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError, PyMongoError

from smart_common.persistence import Transaction, UnitOfWork

COLLECTION = "leases"
log = logging.getLogger(__name__)


def process_owner() -> str:
    """Who this process is, for the leases it holds (host, pid and a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease:
    def __init__(self, uow: UnitOfWork, name: str, owner: str, ttl_seconds: float):
        self._uow = uow
        self.name = name
        self.owner = owner
        self._ttl = timedelta(seconds=ttl_seconds)
        self._held_until: datetime | None = None

    async def acquire(self) -> bool:
        """Take or renew the lease; False while another live process holds it.

        A lease held for more than two thirds of its time is not renewed yet (no write).
        """
        now = self._uow.clock.now()
        if self._held_until is not None and now < self._held_until - self._ttl * 2 / 3:
            return True

        async def claim(tx: Transaction) -> bool:
            now = tx.clock.now()
            held = await tx.collection(COLLECTION).find_one_and_update(
                {"_id": self.name, "$or": [{"owner": self.owner}, {"until": {"$lte": now}}]},
                {"$set": {"owner": self.owner, "until": now + self._ttl}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
            return held is not None and held["owner"] == self.owner

        try:
            held = await self._uow.run(claim)
        except DuplicateKeyError:
            # the upsert met the live lease of another process: the transaction is over
            held = False
        self._held_until = now + self._ttl if held else None
        return held

    async def release(self) -> None:
        """Let another replica take over at once (a clean stop); best effort."""
        self._held_until = None

        async def free(tx: Transaction) -> None:
            await tx.collection(COLLECTION).update_one(
                {"_id": self.name, "owner": self.owner}, {"$set": {"until": tx.clock.now()}}
            )

        try:
            await self._uow.run(free)
        except PyMongoError as error:
            log.warning("could not release lease %s: %s", self.name, error)
