"""The worker is declared to social security: the job's invoice may go out."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import HiringDeclarationAccepted
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import Invoices, JobGates


class OnHiringAccepted(EventReaction):
    consumer = "invoicing-invoices"
    handles = (HiringDeclarationAccepted,)

    def __init__(self, clock: Clock):
        self._clock = clock

    async def handle(
        self, data: HiringDeclarationAccepted, envelope: Envelope, tx: Transaction
    ) -> None:
        await JobGates(tx).clear(data.job_id, data.declaration_id, self._clock.now())
        await Invoices(tx).release(data.job_id, self._clock.now())
