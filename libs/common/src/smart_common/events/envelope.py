"""CloudEvents 1.0 in Kafka binary mode: attributes in ``ce_*`` headers, JSON data in the value."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


class EventData(BaseModel):
    """Base of every event payload. Subclasses set ``event_type`` and ``stream``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    """Versioned CloudEvents type, e.g. ``coop.smart.invoicing.invoice.sent.v1``."""
    stream: ClassVar[str]
    """Topic name (before the deployment prefix), one per aggregate stream."""


class Envelope(BaseModel):
    """One event as it travels: its CloudEvents attributes and its JSON data."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    type: str
    source: str
    subject: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    entity: str
    correlation_id: str
    traceparent: str | None = None
    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        data: EventData,
        *,
        source: str,
        subject: str,
        entity: str,
        correlation_id: str,
        traceparent: str | None = None,
        time: datetime | None = None,
    ) -> Envelope:
        return cls(
            time=time or datetime.now(UTC),
            type=data.event_type,
            source=source,
            subject=subject,
            entity=entity,
            correlation_id=correlation_id,
            traceparent=traceparent,
            data=data.model_dump(mode="json"),
        )

    def headers(self) -> dict[str, str]:
        headers = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": self.id,
            "ce_source": self.source,
            "ce_type": self.type,
            "ce_time": self.time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "ce_subject": self.subject,
            "ce_entity": self.entity,
            "ce_correlationid": self.correlation_id,
            "content-type": CONTENT_TYPE,
        }
        if self.traceparent:
            headers["traceparent"] = self.traceparent
        return headers

    @classmethod
    def from_kafka(cls, headers: Mapping[str, Any], data: Mapping[str, Any]) -> Envelope:
        """Rebuild an envelope from received headers; raises ``ValueError`` when one is missing."""

        def header(name: str) -> str:
            value = headers.get(name)
            if value is None:
                raise ValueError(f"missing CloudEvents header {name}")
            return value.decode() if isinstance(value, bytes) else str(value)

        if header("ce_specversion") != SPEC_VERSION:
            raise ValueError("unsupported CloudEvents specversion")
        traceparent = headers.get("traceparent")
        return cls(
            id=header("ce_id"),
            type=header("ce_type"),
            source=header("ce_source"),
            subject=header("ce_subject"),
            time=datetime.fromisoformat(header("ce_time").replace("Z", "+00:00")),
            entity=header("ce_entity"),
            correlation_id=header("ce_correlationid"),
            traceparent=traceparent.decode() if isinstance(traceparent, bytes) else traceparent,
            data=dict(data),
        )
