"""Events published by the governance service."""

from __future__ import annotations

from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import EventData
from smart_common.events.erasure import ErasureReport
from smart_common.money import Amount


class ShareSubscribed(EventData):
    event_type = "coop.smart.governance.share.subscribed.v1"
    stream = "governance.share"
    subscription_id: str
    member_id: str
    entity: str
    shares: int
    unit_price: Amount
    total: Amount
    currency: str


class GovernanceDataExportPart(DataExportChunk):
    event_type = "coop.smart.governance.data_export.part.v1"
    stream = "governance.data_export"


class GovernanceErasureReport(ErasureReport):
    event_type = "coop.smart.governance.erasure.reported.v1"
    stream = "governance.erasure"
