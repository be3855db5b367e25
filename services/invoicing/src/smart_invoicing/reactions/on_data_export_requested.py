"""A member asked for their data: invoicing's part — their invoices, credit notes and quotes
(records, PDF and, for invoices and credit notes, the Peppol UBL), credit-note requests and
the clients and activity it keeps for them."""

from __future__ import annotations

import asyncio

from smart_common.events.invoicing import InvoicingDataExportPart
from smart_common.member_data import ContributeToDataExport, Files, Gathered, Holding
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import (
    ACTIVITIES,
    CLIENTS,
    CREDIT_NOTE_REQUESTS,
    CREDIT_NOTES,
    INVOICES,
    QUOTES,
)
from smart_invoicing.documents import rendering


class OnDataExportRequested(ContributeToDataExport):
    consumer = "invoicing-data-export"
    service = "invoicing"
    part = InvoicingDataExportPart
    holdings = (
        Holding(INVOICES),
        Holding(CREDIT_NOTES),
        Holding(CREDIT_NOTE_REQUESTS),
        Holding(QUOTES, withheld=("acceptance_url",)),  # the client's link, never the member's
        Holding(CLIENTS),
        Holding(ACTIVITIES, field="_id"),
    )

    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        return await asyncio.to_thread(_rendered, gathered)


def _rendered(gathered: Gathered) -> Files:
    files: Files = []
    for collection, xml in ((INVOICES, True), (CREDIT_NOTES, True), (QUOTES, False)):
        for stored in gathered[collection]:
            if "document" not in stored:
                continue  # stored before documents had their legal content
            files.append((f"{stored['number']}.pdf", rendering.pdf(stored)))
            if xml:
                files.append((f"{stored['number']}.xml", rendering.ubl(stored)))
    return files
