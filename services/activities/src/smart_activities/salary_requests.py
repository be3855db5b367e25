"""What the salary-request use cases share: the request as the API shows it, its moves, and
its approval — the event members declares to payroll."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from smart_activities.adapters.repositories import SalaryRequests
from smart_activities.domain.salary_requests import SalaryRequestStatus
from smart_activities.schemas import SalaryRequest
from smart_common.events.activities import SalaryPeriod, SalaryRequested
from smart_common.persistence import Document, Transaction
from smart_common.representation import public_document


def salary_request_view(request: Document) -> SalaryRequest:
    return SalaryRequest.model_validate(public_document(request, "salary_request_id"))


def moved(
    request: Document,
    status: SalaryRequestStatus,
    by: str,
    now: datetime,
    comment: str | None = None,
) -> Document:
    return {
        **request,
        "status": status.value,
        "history": [
            *request["history"],
            {"status": status.value, "at": now, "by": by, "comment": comment},
        ],
    }


async def record_approved(tx: Transaction, request: Document) -> None:
    period = request["period"]
    await tx.record_event(
        SalaryRequested(
            salary_request_id=request["_id"],
            activity_id=request["activity_id"],
            member_id=request["member_id"],
            entity=request["entity"],
            contract_type=request["contract_type"],
            occupation_code=request["occupation_code"],
            description=request["description"],
            period=SalaryPeriod(
                start_date=date.fromisoformat(period["start_date"]),
                end_date=date.fromisoformat(period["end_date"]),
                worked_days=period["worked_days"],
            ),
            budget=Decimal(request["budget"]),
            currency=request["currency"],
        ),
        subject=request["_id"],
        entity=request["entity"],
        correlation_id=request["_id"],
    )


async def settle(
    tx: Transaction, request_id: str, status: SalaryRequestStatus, at: datetime, **changes: Any
) -> None:
    """Payroll paid the request (its payslip) or refused it (its contract): what it held is
    released either way. Not a request, or settled already: nothing to do."""
    requests = SalaryRequests(tx)
    request = await requests.get(request_id)
    if request is None or request["status"] != SalaryRequestStatus.APPROVED.value:
        return
    after = moved(request, status, "payroll", at, changes.get("reason"))
    await requests.save({**after, **changes}, SalaryRequestStatus.APPROVED.value)
