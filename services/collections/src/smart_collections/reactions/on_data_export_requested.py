"""A member asked for their data: collections' part — the receivables of their invoices, the
payments and credits applied to them."""

from __future__ import annotations

from smart_collections.adapters.repositories import CREDITS, PAYMENTS, RECEIVABLES
from smart_common.events.collections import CollectionsDataExportPart
from smart_common.member_data import ContributeToDataExport, Files, Gathered, Holding
from smart_common.persistence import Transaction


class OnDataExportRequested(ContributeToDataExport):
    consumer = "collections-data-export"
    service = "collections"
    part = CollectionsDataExportPart
    holdings = (
        Holding(RECEIVABLES),
        Holding(PAYMENTS, field="invoice_id", through=(RECEIVABLES, "invoice_id")),
        Holding(CREDITS, field="invoice_id", through=(RECEIVABLES, "invoice_id")),
    )

    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        return []
