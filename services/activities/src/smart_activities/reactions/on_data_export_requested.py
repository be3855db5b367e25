"""A member asked for their data: activities' part — their activities and their books."""

from __future__ import annotations

from smart_activities.adapters.repositories import ACTIVITIES, INVOICES, JOBS, MOVEMENTS
from smart_common.events.activities import ActivitiesDataExportPart
from smart_common.member_data import ContributeToDataExport, Files, Gathered, Holding
from smart_common.persistence import Transaction


class OnDataExportRequested(ContributeToDataExport):
    consumer = "activities-data-export"
    service = "activities"
    part = ActivitiesDataExportPart
    holdings = (Holding(ACTIVITIES), Holding(JOBS), Holding(INVOICES), Holding(MOVEMENTS))

    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        return []
