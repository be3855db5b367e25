"""A member asked for their data: governance's part — their share subscriptions and
redemptions, their place on assemblies' rolls, their attendance, proxies given, candidacies and
the items they voted on (never what they chose: the ballot box names no voter)."""

from __future__ import annotations

from smart_common.events.governance import GovernanceDataExportPart
from smart_common.member_data import ContributeToDataExport, Files, Gathered
from smart_common.persistence import Transaction
from smart_governance.adapters.repositories import HOLDINGS


class OnDataExportRequested(ContributeToDataExport):
    consumer = "governance-data-export"
    service = "governance"
    part = GovernanceDataExportPart
    holdings = HOLDINGS

    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        return []
