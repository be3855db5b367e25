"""Events published by the activities service."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import EventData
from smart_common.events.erasure import ErasureReport


class ActivityMode(StrEnum):
    """How an activity's revenue becomes salary: at once per job (``contract``), or kept in
    the activity's budget until the member asks for a salary (``budget``)."""

    CONTRACT = "contract"
    BUDGET = "budget"


class ActivityOpened(EventData):
    """A member runs a new activity (their first may be opened for them by their first job)."""

    event_type = "coop.smart.activities.activity.opened.v1"
    stream = "activities.activity"
    activity_id: str
    member_id: str
    entity: str
    name: str
    mode: ActivityMode
    counsellor_id: str | None
    currency: str
    opened_on: date


class ActivitiesDataExportPart(DataExportChunk):
    event_type = "coop.smart.activities.data_export.part.v1"
    stream = "activities.data_export"


class ActivitiesErasureReport(ErasureReport):
    event_type = "coop.smart.activities.erasure.reported.v1"
    stream = "activities.erasure"
