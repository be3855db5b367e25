"""Event subscriptions of the invoicing service."""

from __future__ import annotations

from smart_common.events.members import JobCancelled
from smart_common.events.payroll import ContractGenerated, HiringDeclarationAccepted
from smart_common.runtime import ServiceRuntime
from smart_invoicing.handlers import InvoicingHandlers

CONSUMED = (ContractGenerated, HiringDeclarationAccepted, JobCancelled)


def subscribe(runtime: ServiceRuntime, handlers: InvoicingHandlers) -> None:
    invoices = runtime.consumer("invoicing-invoices")
    invoices.on(ContractGenerated, handlers.on_contract_generated)
    invoices.on(HiringDeclarationAccepted, handlers.on_hiring_accepted)
    invoices.on(JobCancelled, handlers.on_job_cancelled)
