"""Event subscriptions of the members service: the job timeline and the shareholder flag."""

from __future__ import annotations

from smart_common.events.collections import PaymentReceived, SalaryGuaranteed
from smart_common.events.governance import ShareSubscribed
from smart_common.events.invoicing import InvoiceSent
from smart_common.events.payroll import (
    ContractGenerated,
    HiringDeclarationAccepted,
    HiringDeclarationRefused,
    PayslipIssued,
    PeriodicDeclarationFiled,
)
from smart_common.runtime import ServiceRuntime
from smart_members.handlers import MembersHandlers

CONSUMED = (
    ContractGenerated,
    HiringDeclarationAccepted,
    HiringDeclarationRefused,
    InvoiceSent,
    PaymentReceived,
    SalaryGuaranteed,
    PayslipIssued,
    PeriodicDeclarationFiled,
    ShareSubscribed,
)


def subscribe(runtime: ServiceRuntime, handlers: MembersHandlers) -> None:
    timeline = runtime.consumer("members-timeline")
    timeline.on(ContractGenerated, handlers.on_contract_generated)
    timeline.on(HiringDeclarationAccepted, handlers.on_hiring_accepted)
    timeline.on(HiringDeclarationRefused, handlers.on_hiring_refused)
    timeline.on(InvoiceSent, handlers.on_invoice_sent)
    timeline.on(PaymentReceived, handlers.on_payment_received)
    timeline.on(SalaryGuaranteed, handlers.on_salary_guaranteed)
    timeline.on(PayslipIssued, handlers.on_payslip_issued)
    timeline.on(PeriodicDeclarationFiled, handlers.on_declaration_filed)
    shareholders = runtime.consumer("members-shareholders")
    shareholders.on(ShareSubscribed, handlers.on_share_subscribed)
