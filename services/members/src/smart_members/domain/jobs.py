"""The job declaration and its timeline: the member's one action and everything it set off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

SALARY_REQUEST = "salary_request"
"""A job's ``kind`` when it is a salary from an activity's budget (activities' request)."""


class JobStatus(StrEnum):
    AWAITING_REVIEW = "awaiting_review"
    """A new member's first job, held for a counsellor (the entity's ``first_job_review``)."""
    REVIEW_REJECTED = "review_rejected"
    REMINDER_SENT = "reminder_sent"
    DECLARED = "declared"
    CONTRACTED = "contracted"
    BLOCKED = "blocked"
    INVOICED = "invoiced"
    PAID = "paid"
    SALARY_GUARANTEED = "salary_guaranteed"
    SALARIED = "salaried"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Step(StrEnum):
    DECLARED = "declared"
    CONTRACT_GENERATED = "contract_generated"
    DIMONA_ACCEPTED = "dimona_accepted"
    DIMONA_REFUSED = "dimona_refused"
    INVOICE_SENT = "invoice_sent"
    PAYMENT_RECEIVED = "payment_received"
    SALARY_GUARANTEED = "salary_guaranteed"
    PAYSLIP_ISSUED = "payslip_issued"
    DECLARATION_FILED = "declaration_filed"
    CANCELLED = "cancelled"
    CREDIT_NOTE_ISSUED = "credit_note_issued"
    SALARY_PAID = "salary_paid"
    CONTRACT_REFUSED = "contract_refused"
    DIMONA_CANCELLED = "dimona_cancelled"
    IDENTITY_CORRECTED = "identity_corrected"
    REVIEWED = "reviewed"
    REVIEW_REJECTED = "review_rejected"
    REMINDER_SENT = "reminder_sent"


STATUS_AFTER: dict[Step, JobStatus] = {
    Step.DECLARED: JobStatus.DECLARED,
    Step.REVIEWED: JobStatus.DECLARED,
    Step.REVIEW_REJECTED: JobStatus.REVIEW_REJECTED,
    Step.CONTRACT_GENERATED: JobStatus.CONTRACTED,
    Step.DIMONA_ACCEPTED: JobStatus.CONTRACTED,
    Step.DIMONA_REFUSED: JobStatus.BLOCKED,
    Step.CONTRACT_REFUSED: JobStatus.BLOCKED,
    Step.INVOICE_SENT: JobStatus.INVOICED,
    Step.PAYMENT_RECEIVED: JobStatus.PAID,
    Step.SALARY_GUARANTEED: JobStatus.SALARY_GUARANTEED,
    Step.PAYSLIP_ISSUED: JobStatus.SALARIED,
    Step.DECLARATION_FILED: JobStatus.COMPLETED,
    Step.CANCELLED: JobStatus.CANCELLED,
}
_PROGRESS = [
    JobStatus.DECLARED,
    JobStatus.CONTRACTED,
    JobStatus.INVOICED,
    JobStatus.PAID,
    JobStatus.SALARY_GUARANTEED,
    JobStatus.SALARIED,
    JobStatus.COMPLETED,
]


@dataclass(frozen=True)
class TimelineStep:
    """A step to put on a job's timeline: what happened, when, and the document it produced
    (a contract, an invoice, a payslip…), from the event ``event_type``."""

    job_id: str
    step: Step
    document_id: str
    at: datetime
    event_type: str
    detail: str | None = None

    def entry(self) -> dict[str, object]:
        entry: dict[str, object] = {
            "step": self.step.value,
            "at": self.at,
            "document_id": self.document_id,
        }
        if self.detail:
            entry["detail"] = self.detail
        return entry


def status_after(current: JobStatus, step: Step) -> JobStatus:
    """The status never moves backwards when steps arrive out of order; a refusal blocks and a
    cancellation ends the job (later steps are only recorded on its timeline)."""
    if current is JobStatus.CANCELLED or step not in STATUS_AFTER:
        return current
    candidate = STATUS_AFTER[step]
    if candidate is JobStatus.CANCELLED:
        return candidate
    if candidate is JobStatus.BLOCKED:
        return JobStatus.BLOCKED
    if current is JobStatus.BLOCKED:
        # a corrected declaration that is accepted unblocks the job; nothing else does
        return candidate if step is Step.DIMONA_ACCEPTED else JobStatus.BLOCKED
    return candidate if _PROGRESS.index(candidate) > _PROGRESS.index(current) else current


class InvalidJob(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class JobTerms:
    start_date: date
    end_date: date
    worked_days: int
    amount_excl_vat: Decimal
    expenses: Decimal
    contribution_rate: Decimal

    def check(self) -> None:
        """Coherence of what the member declares (field formats are checked at the edge)."""
        if self.end_date < self.start_date:
            raise InvalidJob("end_date: must not be before start_date")
        span = (self.end_date - self.start_date).days + 1
        if self.worked_days > span:
            raise InvalidJob(f"worked_days: {self.worked_days} days do not fit in {span} days")
        budget = self.amount_excl_vat * (1 - self.contribution_rate) - self.expenses
        if budget <= 0:
            raise InvalidJob(
                "expenses: after the contribution and the expenses nothing is left for the salary"
            )


@dataclass(frozen=True, slots=True)
class DeclarationWindow:
    """When a job may start, seen from the day it is declared, and how long it may last.

    ``days_in_past`` and ``days_ahead`` are the deployment's settings; ``max_days`` comes from
    the contract type's rule (``job_max_days`` in the entity's pack; None: open-ended).
    """

    days_in_past: int
    days_ahead: int

    def check(self, start: date, end: date, today: date, max_days: int | None) -> None:
        if (today - start).days > self.days_in_past:
            raise InvalidJob(
                f"start_date: {start} is more than {self.days_in_past} days in the past"
            )
        if (start - today).days > self.days_ahead:
            raise InvalidJob(f"start_date: {start} is more than {self.days_ahead} days ahead")
        length = (end - start).days + 1  # end before start: JobTerms says so
        if max_days is not None and length > max_days:
            raise InvalidJob(
                f"end_date: a job of this contract type lasts at most {max_days} days "
                f"({length} declared)"
            )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    step: Step
    at: datetime
    document_id: str | None
    detail: str | None = None
