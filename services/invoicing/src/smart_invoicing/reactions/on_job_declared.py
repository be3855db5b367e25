"""A budget-mode job is declared: no contract comes (its revenue stays in the activity's
budget), so its invoice is issued at once. A contract-mode job waits for its contract."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.members import JobDeclared
from smart_common.persistence import Transaction
from smart_invoicing.job_invoices import JobInvoices


class OnJobDeclared(EventReaction):
    consumer = "invoicing-invoices"
    handles = (JobDeclared,)
    raises = JobInvoices.raises

    def __init__(self, invoices: JobInvoices):
        self._invoices = invoices

    async def handle(self, data: JobDeclared, envelope: Envelope, tx: Transaction) -> None:
        if data.job.activity_mode == "budget":
            await self._invoices.issue(tx, data.job, None, envelope)
