"""A member asked for their data: governance's part — their share subscriptions and what it
knows of them."""

from __future__ import annotations

from smart_common.events.governance import GovernanceDataExportPart
from smart_common.member_data import ContributeToDataExport, Files, Gathered, Holding
from smart_common.persistence import Transaction
from smart_governance.adapters.repositories import MEMBERS, SUBSCRIPTIONS


class OnDataExportRequested(ContributeToDataExport):
    consumer = "governance-data-export"
    service = "governance"
    part = GovernanceDataExportPart
    holdings = (Holding(MEMBERS, field="_id"), Holding(SUBSCRIPTIONS))

    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        return []
