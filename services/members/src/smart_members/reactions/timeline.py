"""The job's timeline: each step of its saga, reported by the other contexts' events, put on
the job it belongs to, and the job's status moved accordingly."""

from __future__ import annotations

from typing import Any

from smart_common.bus import BatchReaction
from smart_common.events.collections import PaymentReceived, SalaryGuaranteed
from smart_common.events.envelope import Envelope, EventData
from smart_common.events.invoicing import CreditNoteIssued, InvoiceSent, ReminderSent
from smart_common.events.payroll import (
    ContractGenerated,
    ContractRefused,
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
    LongContractGenerated,
    PayslipIssued,
    PeriodicDeclarationFiled,
    SalaryContractGenerated,
    SalaryPaid,
)
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import Jobs
from smart_members.domain.jobs import JobStatus, Step, TimelineStep, status_after

TIMELINE: dict[type[EventData], tuple[Step, str]] = {
    ContractGenerated: (Step.CONTRACT_GENERATED, "contract_id"),
    LongContractGenerated: (Step.CONTRACT_GENERATED, "contract_id"),
    SalaryContractGenerated: (Step.CONTRACT_GENERATED, "contract_id"),
    HiringDeclarationAccepted: (Step.DIMONA_ACCEPTED, "declaration_id"),
    HiringDeclarationRefused: (Step.DIMONA_REFUSED, "declaration_id"),
    HiringDeclarationCancelled: (Step.DIMONA_CANCELLED, "declaration_id"),
    ContractRefused: (Step.CONTRACT_REFUSED, "contract_id"),
    InvoiceSent: (Step.INVOICE_SENT, "invoice_id"),
    CreditNoteIssued: (Step.CREDIT_NOTE_ISSUED, "credit_note_id"),
    ReminderSent: (Step.REMINDER_SENT, "reminder_id"),
    PaymentReceived: (Step.PAYMENT_RECEIVED, "payment_id"),
    SalaryGuaranteed: (Step.SALARY_GUARANTEED, "receivable_id"),
    PayslipIssued: (Step.PAYSLIP_ISSUED, "payslip_id"),
    PeriodicDeclarationFiled: (Step.DECLARATION_FILED, "declaration_id"),
    SalaryPaid: (Step.SALARY_PAID, "payment_order_id"),
}
"""Which event puts which step on the job's timeline, and which field names its document."""


async def record_steps(tx: Transaction, steps: list[TimelineStep]) -> None:
    """Put each step on its job's timeline and move the job's status, in order: one read and
    one write for all the jobs of a consumer batch."""
    jobs = Jobs(tx)
    found = await jobs.get_many(step.job_id for step in steps)
    changes: dict[str, tuple[list[dict[str, Any]], str]] = {}
    for step in steps:
        job = found.get(step.job_id)
        if job is None:
            raise LookupError(f"job {step.job_id} not found for {step.event_type}")
        entries, current = changes.get(step.job_id, ([], job["status"]))
        status = status_after(JobStatus(current), step.step)
        if job.get("kind") == "long_contract" and status is JobStatus.COMPLETED:
            status = JobStatus.SALARIED  # a month declared; the contract goes on
        if job.get("activity_mode") == "budget" and status is JobStatus.PAID:
            status = JobStatus.COMPLETED  # its revenue is in the activity's budget: no payslip
        changes[step.job_id] = ([*entries, step.entry()], status.value)
    await jobs.append_steps(changes)


class RecordTimeline(BatchReaction):
    consumer = "members-timeline"
    handles = tuple(TIMELINE)

    def __init__(self) -> None:
        self._steps = {event.event_type: known for event, known in TIMELINE.items()}

    async def handle_batch(self, items: list[tuple[Any, Envelope]], tx: Transaction) -> None:
        recorded = []
        for data, envelope in items:
            step, document_field = self._steps[envelope.type]
            anomalies = getattr(data, "anomalies", None)
            # a refusal's reason, else which declaration it was (dimona, dpae, dsn_monthly…)
            reason = getattr(data, "reason", None) or getattr(data, "kind", None)
            recorded.append(
                TimelineStep(
                    job_id=data.job_id,
                    step=step,
                    document_id=getattr(data, document_field),
                    at=envelope.time,
                    event_type=envelope.type,
                    detail="; ".join(anomalies) if anomalies else reason,
                )
            )
        await record_steps(tx, recorded)
