"""A member asked to be erased: an activity's books (its movements, and what ties jobs and
invoices to it) are accounting records, kept for the law's time; the activity's name, which
may be the member's own, is replaced at once, and its logo removed."""

from __future__ import annotations

from smart_activities.adapters.repositories import (
    ACTIVITIES,
    EXPENSE_NOTES,
    FINANCINGS,
    INVOICES,
    JOBS,
    MOVEMENTS,
    REVIEWS,
    SALARY_REQUESTS,
)
from smart_common.events.activities import ActivitiesErasureReport
from smart_common.member_data import Holding
from smart_common.member_erasure import Erasable, EraseMemberData

ERASABLES = (
    Erasable(Holding(ACTIVITIES), ("name", "logo"), None),
    Erasable(Holding(JOBS), (), "retention_accounting"),
    Erasable(Holding(INVOICES), (), "retention_accounting"),
    Erasable(Holding(MOVEMENTS), (), "retention_accounting"),
    Erasable(Holding(EXPENSE_NOTES), (), "retention_accounting"),
    Erasable(Holding(FINANCINGS), (), "retention_accounting"),
    Erasable(Holding(SALARY_REQUESTS), (), "retention_accounting"),
    Erasable(Holding(REVIEWS), (), "retention_accounting"),
)


class OnErasureRequested(EraseMemberData):
    consumer = "activities-erasure"
    service = "activities"
    report = ActivitiesErasureReport
    erasables = ERASABLES
