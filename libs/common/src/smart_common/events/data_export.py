"""A member's data export (GDPR art. 15 and 20), assembled by a saga.

Members raises ``DataExportRequested`` with a public key made for that export alone; every
service holding data about the member answers with its part — a ZIP of its documents and
records — sealed to that key and cut into chunks (``DataExportChunk``, one event type per
service). Only members holds the private key, and drops it once the member downloaded the
export: every copy of the chunks (outbox, broker, inbox) is unreadable from then on.
"""

from __future__ import annotations

from pydantic import Field

from smart_common.events.envelope import EventData


class DataExportRequested(EventData):
    event_type = "coop.smart.members.data_export.requested.v1"
    stream = "members.data_export"
    export_id: str
    member_id: str
    entity: str
    public_key: str = Field(description="X25519 public key (URL-safe base64) parts are sealed to")


class DataExportChunk(EventData):
    """One piece of a service's sealed part; the part is complete when ``count`` arrived."""

    export_id: str
    member_id: str
    service: str
    index: int = Field(ge=0)
    count: int = Field(ge=1)
    sha256: str = Field(description="Of the whole sealed part, checked once reassembled")
    chunk: str = Field(description="URL-safe base64 of this piece of the sealed part")
