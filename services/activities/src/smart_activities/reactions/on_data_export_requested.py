"""A member asked for their data: activities' part — their activities and their books, their
expense notes, financings, salary requests and the reviews of them."""

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
from smart_common.events.activities import ActivitiesDataExportPart
from smart_common.member_data import ContributeToDataExport, Files, Gathered, Holding
from smart_common.persistence import Transaction


class OnDataExportRequested(ContributeToDataExport):
    consumer = "activities-data-export"
    service = "activities"
    part = ActivitiesDataExportPart
    holdings = (
        Holding(ACTIVITIES),
        Holding(JOBS),
        Holding(INVOICES),
        Holding(MOVEMENTS),
        Holding(EXPENSE_NOTES),
        Holding(FINANCINGS),
        Holding(SALARY_REQUESTS),
        Holding(REVIEWS),
    )

    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        return []
