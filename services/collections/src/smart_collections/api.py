"""HTTP routes of the collections service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_collections.bus import Collections
from smart_collections.schemas import (
    GuaranteeRun,
    GuaranteeRunOutcome,
    Payment,
    PaymentIn,
    Receivable,
)
from smart_common.auth import AdminPrincipal, CurrentPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses


def collections_of(request: Request) -> Collections:
    return request.app.state.container


UseCases = Annotated[Collections, Depends(collections_of)]
router = APIRouter(prefix="/v1")


@router.post(
    "/payments",
    status_code=201,
    tags=["payments"],
    summary="Record a bank payment; matched to its receivable by structured communication",
    response_model=Payment,
    responses={
        200: {"model": Payment, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Staff only",
                422: "Invalid request",
                428: "No Idempotency-Key nor bank reference (a payment moves money)",
            }
        ),
    },
)
async def record_payment(
    body: PaymentIn,
    principal: StaffPrincipal,
    collections: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Payment:
    if key is None and body.bank_reference is not None:
        key = f"bank:{body.bank_reference}"
    payment, created = await collections.record_payment(
        principal, body, required_key(key, "recording a payment")
    )
    answer_status(response, created)
    return payment


@router.get(
    "/payments/{payment_id}",
    tags=["payments"],
    summary="A payment and what it was matched to",
    responses=problem_responses({401: "Not logged in", 403: "Staff only", 404: "No such payment"}),
)
async def payment(payment_id: str, principal: StaffPrincipal, collections: UseCases) -> Payment:
    return await collections.queries.payment(principal, payment_id)


@router.get(
    "/receivables/{receivable_id}",
    tags=["receivables"],
    summary="A receivable: what the client owes and what came in",
    responses=problem_responses({401: "Not logged in", 404: "No such receivable of yours"}),
)
async def receivable(
    receivable_id: str, principal: CurrentPrincipal, collections: UseCases
) -> Receivable:
    return await collections.queries.receivable(principal, receivable_id)


@router.get(
    "/receivables",
    tags=["receivables"],
    summary="Receivables (members: their own), by job or invoice",
    responses=problem_responses({401: "Not logged in"}),
)
async def receivables(
    principal: CurrentPrincipal,
    collections: UseCases,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
    invoice_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[Receivable]:
    return await collections.queries.receivables(principal, job_id, invoice_id)


@router.post(
    "/guarantee-runs",
    tags=["guarantee fund"],
    summary="Guarantee the salaries whose invoices are unpaid on their guarantee date "
    "(runs by itself periodically; staff may run it for a given day)",
    response_model=GuaranteeRunOutcome,
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Administrators of the entity only",
            422: "Invalid request, or a day after today (outside development)",
            428: "No Idempotency-Key (a guarantee run moves money)",
        }
    ),
)
async def guarantee_run(
    body: GuaranteeRun,
    principal: AdminPrincipal,
    collections: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> GuaranteeRunOutcome:
    outcome, created = await collections.run_guarantee.for_staff(
        principal, body.as_of, required_key(key, "a guarantee run")
    )
    answer_status(response, created)
    return outcome
