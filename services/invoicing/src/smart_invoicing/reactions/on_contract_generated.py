"""The job's contract is generated: its invoice is issued (numbered without gaps, composed
under the rules of the day), to be delivered once the worker is declared."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import ContractGenerated
from smart_common.persistence import Transaction
from smart_invoicing.job_invoices import JobInvoices


class OnContractGenerated(EventReaction):
    consumer = "invoicing-invoices"
    handles = (ContractGenerated,)
    raises = JobInvoices.raises

    def __init__(self, invoices: JobInvoices):
        self._invoices = invoices

    async def handle(self, data: ContractGenerated, envelope: Envelope, tx: Transaction) -> None:
        await self._invoices.issue(tx, data.job, data.contract_id, envelope)
