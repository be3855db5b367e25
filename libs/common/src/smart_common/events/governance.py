"""Events published by the governance service."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import EventData
from smart_common.events.erasure import ErasureReport
from smart_common.money import Amount


class ShareSubscribed(EventData):
    """Shares subscribed, awaiting their payment: the member is not a shareholder yet."""

    event_type = "coop.smart.governance.share.subscribed.v1"
    stream = "governance.share"
    subscription_id: str
    member_id: str
    entity: str
    shares: int
    unit_price: Amount
    total: Amount
    currency: str
    category: str | None = None
    payment_reference: str | None = None


class SharePaid(EventData):
    """The subscription's payment arrived: its shares are in the register from ``paid_on``."""

    event_type = "coop.smart.governance.share.paid.v1"
    stream = "governance.share"
    subscription_id: str
    member_id: str
    entity: str
    category: str
    shares: int
    total: Amount
    currency: str
    paid_on: date
    holding: int
    """The member's shares in the register once these are counted."""


class ShareRedeemed(EventData):
    """Shares given back to the cooperative at (at most) their paid value."""

    event_type = "coop.smart.governance.share.redeemed.v1"
    stream = "governance.share"
    redemption_id: str
    member_id: str
    entity: str
    category: str
    shares: int
    value: Amount
    currency: str
    holding: int
    """The member's shares left in the register (0: no longer a shareholder)."""


class AgendaLine(BaseModel):
    title: str
    decision: str | None
    """The kind of decision (the pack's ``assembly_decisions``), ``election``, or None for an
    item put to no vote."""


class AssemblyConvened(EventData):
    """The board convened a general assembly; its roll and convocations follow in batches."""

    event_type = "coop.smart.governance.assembly.convened.v1"
    stream = "governance.assembly"
    assembly_id: str
    entity: str
    kind: str
    title: str
    starts_at: datetime
    agenda: list[AgendaLine]
    record_date: date


class AssemblyConvocation(EventData):
    """A general assembly convened: the convocation goes to these shareholders of record, in
    batches (``batch``, up to the ``last``), by id only — the members service writes the
    e-mails."""

    event_type = "coop.smart.governance.assembly.convocation_requested.v1"
    stream = "governance.assembly"
    assembly_id: str
    entity: str
    kind: str
    title: str
    starts_at: datetime
    place: str | None
    online_link: str | None
    agenda: list[AgendaLine]
    record_date: date
    member_ids: list[str]
    batch: int
    last: bool


class ItemResult(BaseModel):
    item_id: str
    title: str
    decision: str
    yes: int = 0
    no: int = 0
    abstain: int = 0
    passed: bool | None = None
    elected: dict[str, list[str]] | None = None
    """An election: the elected per category."""
    reason: str


class AssemblyVoteClosed(EventData):
    """The assembly's vote closed: the tally of every item, as the minutes state it."""

    event_type = "coop.smart.governance.assembly.vote_closed.v1"
    stream = "governance.assembly"
    assembly_id: str
    entity: str
    closed_at: datetime
    entitled: int
    present: int
    """Members present (on site or online) or represented by a proxy."""
    ballots: int
    results: list[ItemResult]


class GovernanceDataExportPart(DataExportChunk):
    event_type = "coop.smart.governance.data_export.part.v1"
    stream = "governance.data_export"


class GovernanceErasureReport(ErasureReport):
    event_type = "coop.smart.governance.erasure.reported.v1"
    stream = "governance.erasure"
