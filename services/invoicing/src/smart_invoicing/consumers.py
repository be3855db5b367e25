"""Event subscriptions of the invoicing service."""

from __future__ import annotations

from smart_common.events.members import ActivityUpdated, ClientRegistered, JobCancelled
from smart_common.events.payroll import ContractGenerated, HiringDeclarationAccepted
from smart_common.runtime import ServiceRuntime
from smart_invoicing.handlers import InvoicingHandlers
from smart_invoicing.quotes import QuoteHandlers

CONSUMED = (
    ContractGenerated,
    HiringDeclarationAccepted,
    JobCancelled,
    ClientRegistered,
    ActivityUpdated,
)


def subscribe(runtime: ServiceRuntime, handlers: InvoicingHandlers, quotes: QuoteHandlers) -> None:
    invoices = runtime.consumer("invoicing-invoices")
    invoices.on(ContractGenerated, handlers.on_contract_generated)
    invoices.on(HiringDeclarationAccepted, handlers.on_hiring_accepted)
    invoices.on(JobCancelled, handlers.on_job_cancelled)
    read_models = runtime.consumer("invoicing-read-models")
    read_models.on(ClientRegistered, quotes.on_client_registered)
    read_models.on(ActivityUpdated, quotes.on_activity_updated)
