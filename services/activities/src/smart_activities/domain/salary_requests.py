"""A member's salary from their activity's budget (pure): what they may ask, for which work,
and which of the entity's rules send the request to the counsellor first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from smart_activities.domain.reviews import ReviewPolicy

ALL_AVAILABLE = "all"


class SalaryRequestStatus(StrEnum):
    REQUESTED = "requested"
    """Waiting for the counsellor (a rule was hit); its amount is held."""
    APPROVED = "approved"
    """Sent to payroll (contract, hiring declaration, payslip); its amount is held."""
    PAID = "paid"
    """Its payslip is issued: the salary's cost left the budget."""
    REFUSED = "refused"
    """Payroll could not generate its contract (the reason says why): nothing is held."""
    REJECTED = "rejected"
    RETURNED = "returned"
    """The counsellor asked the member to make a new request."""
    CANCELLED = "cancelled"
    """The member cancelled its job before the payslip: nothing is held."""


HOLDING = (SalaryRequestStatus.REQUESTED.value, SalaryRequestStatus.APPROVED.value)
"""The statuses whose amount the budget keeps aside until the payslip takes it."""


class SalaryRequestProblem(ValueError):
    pass


def amount_asked(asked: Decimal | Literal["all"], available: Decimal, currency: str) -> Decimal:
    """The budget the salary takes: the amount asked, or all that is available, never more."""
    if available <= 0:
        raise SalaryRequestProblem(
            f"amount: the activity has {available} {currency} available, nothing to pay a "
            "salary from"
        )
    if asked == ALL_AVAILABLE:
        return available
    assert isinstance(asked, Decimal)
    if asked > available:
        raise SalaryRequestProblem(
            f"amount: {asked} {currency} asked, {available} {currency} available (cash "
            "received less the contribution, salaries, expenses, repayments and what approved "
            "notes and requests hold)"
        )
    return asked


def period_problem(
    start: date,
    end: date,
    worked_days: int,
    today: date,
    kind: dict[str, Any] | None,
    max_days: int | None,
) -> str | None:
    """The work must be declared before it starts (the hiring declaration is filed first)."""
    if kind is None:
        return "contract_type: not a contract type of the entity"
    if "annual_hours_cap" in kind:
        return (
            "contract_type: a student's hours are counted job by job; declare the work as a "
            "job with its planned hours"
        )
    if start < today:
        return f"period.start_date: {start} has begun; a salary is declared before the work"
    if end < start:
        return "period.end_date: must not be before start_date"
    span = (end - start).days + 1
    if worked_days > span:
        return f"period.worked_days: {worked_days} days do not fit in {span} days"
    if max_days is not None and span > max_days:
        return f"period.end_date: a contract of this type lasts at most {max_days} days ({span})"
    return None


def salary_request_hits(
    policy: ReviewPolicy, *, amount: Decimal, currency: str, earlier_operations: int
) -> list[str]:
    """The reasons a counsellor must look at the request first (none: approved at once)."""
    hits = []
    if amount > policy.salary_request_threshold:
        hits.append(
            f"{amount} {currency} is above the threshold of "
            f"{policy.salary_request_threshold} {currency}"
        )
    if earlier_operations < policy.first_operations:
        hits.append(f"one of the member's first {policy.first_operations} operations")
    return hits
