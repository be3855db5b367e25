"""Event subscriptions of the members service: the job timeline and the shareholder flag."""

from __future__ import annotations

from smart_common.events.collections import PaymentReceived, SalaryGuaranteed
from smart_common.events.governance import ShareSubscribed
from smart_common.events.invoicing import CreditNoteIssued, InvoiceSent, QuoteConfirmed
from smart_common.events.payroll import (
    ContractGenerated,
    ContractRefused,
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
    LongContractGenerated,
    PayslipIssued,
    PeriodicDeclarationFiled,
    SalaryPaid,
    WorkerIdentityCorrected,
)
from smart_common.runtime import ServiceRuntime
from smart_members.domain.jobs import Step
from smart_members.handlers import MembersHandlers

CONSUMED = (
    ContractGenerated,
    LongContractGenerated,
    ContractRefused,
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
    InvoiceSent,
    CreditNoteIssued,
    PaymentReceived,
    SalaryGuaranteed,
    PayslipIssued,
    PeriodicDeclarationFiled,
    SalaryPaid,
    ShareSubscribed,
    QuoteConfirmed,
    WorkerIdentityCorrected,
)


TIMELINE = (
    (ContractGenerated, Step.CONTRACT_GENERATED, "contract_id"),
    (LongContractGenerated, Step.CONTRACT_GENERATED, "contract_id"),
    (HiringDeclarationAccepted, Step.DIMONA_ACCEPTED, "declaration_id"),
    (HiringDeclarationRefused, Step.DIMONA_REFUSED, "declaration_id"),
    (HiringDeclarationCancelled, Step.DIMONA_CANCELLED, "declaration_id"),
    (ContractRefused, Step.CONTRACT_REFUSED, "contract_id"),
    (InvoiceSent, Step.INVOICE_SENT, "invoice_id"),
    (CreditNoteIssued, Step.CREDIT_NOTE_ISSUED, "credit_note_id"),
    (PaymentReceived, Step.PAYMENT_RECEIVED, "payment_id"),
    (SalaryGuaranteed, Step.SALARY_GUARANTEED, "receivable_id"),
    (PayslipIssued, Step.PAYSLIP_ISSUED, "payslip_id"),
    (PeriodicDeclarationFiled, Step.DECLARATION_FILED, "declaration_id"),
    (SalaryPaid, Step.SALARY_PAID, "payment_order_id"),
)
"""Which event puts which step on the job's timeline, and which field names its document."""


def subscribe(runtime: ServiceRuntime, handlers: MembersHandlers) -> None:
    steps = {event.event_type: (step, field) for event, step, field in TIMELINE}
    runtime.consumer("members-timeline").on_batch(
        [event for event, _, _ in TIMELINE], handlers.timeline_steps(steps)
    )
    shareholders = runtime.consumer("members-shareholders")
    shareholders.on(ShareSubscribed, handlers.on_share_subscribed)
    runtime.consumer("members-quotes").on(QuoteConfirmed, handlers.on_quote_confirmed)
    runtime.consumer("members-identities").on(
        WorkerIdentityCorrected, handlers.on_worker_identity_corrected
    )
