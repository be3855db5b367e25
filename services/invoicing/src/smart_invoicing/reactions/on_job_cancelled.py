"""The saga's compensation for a cancelled job: no invoice any more, or a full credit note for
the one issued."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.events.members import JobCancelled
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import Invoices, JobGates
from smart_invoicing.use_cases.crediting import Crediting


class OnJobCancelled(EventReaction):
    consumer = "invoicing-invoices"
    handles = (JobCancelled,)
    raises = (CreditNoteIssued,)

    def __init__(self, crediting: Crediting, clock: Clock):
        self._crediting = crediting
        self._clock = clock

    async def handle(self, data: JobCancelled, envelope: Envelope, tx: Transaction) -> None:
        await JobGates(tx).cancel(data.job_id, data.reason, self._clock.now())
        invoice = await Invoices(tx).of_job(data.job_id)
        if invoice is None or invoice["status"] == "credited":
            return
        await self._crediting.credit(tx, invoice, None, data.reason, data.job_id)
