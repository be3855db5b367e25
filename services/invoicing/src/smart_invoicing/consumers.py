"""Event subscriptions of the invoicing service."""

from __future__ import annotations

from smart_common.events.payroll import ContractGenerated
from smart_common.runtime import ServiceRuntime
from smart_invoicing.handlers import InvoicingHandlers

CONSUMED = (ContractGenerated,)


def subscribe(runtime: ServiceRuntime, handlers: InvoicingHandlers) -> None:
    runtime.consumer("invoicing-invoices").on(ContractGenerated, handlers.on_contract_generated)
