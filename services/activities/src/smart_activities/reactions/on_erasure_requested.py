"""A member asked to be erased: an activity's books (its movements, and what ties jobs and
invoices to it) are accounting records, kept for the law's time; the activity's name, which
may be the member's own, is replaced at once."""

from __future__ import annotations

from smart_activities.adapters.repositories import ACTIVITIES, INVOICES, JOBS, MOVEMENTS
from smart_common.events.activities import ActivitiesErasureReport
from smart_common.member_data import Holding
from smart_common.member_erasure import Erasable, EraseMemberData

ERASABLES = (
    Erasable(Holding(ACTIVITIES), ("name",), None),
    Erasable(Holding(JOBS), (), "retention_accounting"),
    Erasable(Holding(INVOICES), (), "retention_accounting"),
    Erasable(Holding(MOVEMENTS), (), "retention_accounting"),
)


class OnErasureRequested(EraseMemberData):
    consumer = "activities-erasure"
    service = "activities"
    report = ActivitiesErasureReport
    erasables = ERASABLES
