"""The operations queue of one service: records its consumers could not handle.

A record that cannot be decoded, or whose handler failed ``consumer_max_attempts`` times, is
kept here (never on a topic nobody reads) until staff replay it after a fix or discard it with
a reason. Keyed by consumer and event id, so a redelivered failure is kept once.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from prometheus_client import Counter
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.events.envelope import Envelope
from smart_common.persistence import Document, Transaction

COLLECTION = "dead_letters"
ATTEMPTS = "consumer_attempts"

DEAD_LETTERS = Counter(
    "smart_dead_letters", "Records set aside for staff (operations queue)", ["consumer", "type"]
)


@dataclass(frozen=True)
class FailedRecord:
    """A Kafka record as received, with what could be read of it."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]

    @classmethod
    def of(cls, raw: Any) -> FailedRecord:
        return cls(
            topic=raw.topic,
            partition=raw.partition,
            offset=raw.offset,
            key=raw.key,
            value=raw.value,
            headers=tuple((key, bytes(value or b"")) for key, value in (raw.headers or ())),
        )

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value.decode(errors="replace")
        return None


def dead_letter_id(consumer: str, record: FailedRecord, envelope: Envelope | None) -> str:
    if envelope is not None:
        return f"{consumer}:{envelope.id}"
    return f"{consumer}:{record.topic}:{record.partition}:{record.offset}"


async def keep(
    tx: Transaction,
    consumer: str,
    record: FailedRecord,
    envelope: Envelope | None,
    reason: str,
) -> str:
    """Keep a failed record (open again if it was replayed and failed once more)."""
    identifier = dead_letter_id(consumer, record, envelope)
    now = tx.clock.now()
    await tx.collection(COLLECTION).update_one(
        {"_id": identifier},
        {
            "$set": {
                "status": "open",
                "reason": reason[:2000],
                "last_at": now,
                "resolution": None,
            },
            "$setOnInsert": {
                "consumer": consumer,
                "type": envelope.type if envelope else record.header("ce_type"),
                "subject": envelope.subject if envelope else record.header("ce_subject"),
                "event_id": envelope.id if envelope else record.header("ce_id"),
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "key": _encoded(record.key),
                "value": _encoded(record.value),
                "headers": [[key, _encoded(value)] for key, value in record.headers],
                "first_at": now,
            },
            "$inc": {"times": 1},
        },
        upsert=True,
    )
    DEAD_LETTERS.labels(consumer, (envelope.type if envelope else None) or "undecodable").inc()
    return identifier


def record_of(stored: Document) -> FailedRecord:
    return FailedRecord(
        topic=stored["topic"],
        partition=stored["partition"],
        offset=stored["offset"],
        key=_decoded(stored["key"]),
        value=_decoded(stored["value"]),
        headers=tuple((key, _decoded(value) or b"") for key, value in stored["headers"]),
    )


def _encoded(value: bytes | None) -> str | None:
    return None if value is None else base64.b64encode(value).decode()


def _decoded(value: str | None) -> bytes | None:
    return None if value is None else base64.b64decode(value)


async def ensure_dead_letter_indexes(database: AsyncDatabase[Document]) -> None:
    await database[COLLECTION].create_index([("status", 1), ("last_at", -1)])
