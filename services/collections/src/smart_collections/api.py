"""HTTP routes of the collections service."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_collections.handlers import CollectionsHandlers, PaymentIn
from smart_collections.schemas import GuaranteeRunOutcome, Payment, Receivable
from smart_common.auth import CurrentPrincipal, StaffPrincipal
from smart_common.http import Runtime
from smart_common.idempotency import (
    IdempotencyKey,
    answer_status,
    fingerprint,
    required_key,
    run_remembered,
)
from smart_common.problems import problem_responses
from smart_common.text import InputModel


def handlers_of(request: Request) -> CollectionsHandlers:
    return request.app.state.container


Handlers = Annotated[CollectionsHandlers, Depends(handlers_of)]
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
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> Payment:
    if key is None and body.bank_reference is not None:
        key = f"bank:{body.bank_reference}"
    payment, created = await handlers.record_payment(
        principal, body, required_key(key, "recording a payment")
    )
    answer_status(response, created)
    return Payment.model_validate(payment)


@router.get(
    "/payments/{payment_id}",
    tags=["payments"],
    summary="A payment and what it was matched to",
    responses=problem_responses({401: "Not logged in", 403: "Staff only", 404: "No such payment"}),
)
async def payment(payment_id: str, principal: StaffPrincipal, handlers: Handlers) -> Payment:
    return Payment.model_validate(await handlers.payment(principal, payment_id))


@router.get(
    "/receivables/{receivable_id}",
    tags=["receivables"],
    summary="A receivable: what the client owes and what came in",
    responses=problem_responses({401: "Not logged in", 404: "No such receivable of yours"}),
)
async def receivable(
    receivable_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> Receivable:
    return Receivable.model_validate(await handlers.receivable(principal, receivable_id))


@router.get(
    "/receivables",
    tags=["receivables"],
    summary="Receivables (members: their own), by job or invoice",
    responses=problem_responses({401: "Not logged in"}),
)
async def receivables(
    principal: CurrentPrincipal,
    handlers: Handlers,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
    invoice_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[Receivable]:
    found = await handlers.receivables(principal, job_id, invoice_id)
    return [Receivable.model_validate(item) for item in found]


class GuaranteeRun(InputModel):
    as_of: date | None = None


@router.post(
    "/guarantee-runs",
    tags=["guarantee fund"],
    summary="Guarantee the salaries whose invoices are unpaid on their guarantee date "
    "(runs by itself periodically; staff may run it for a given day)",
    response_model=GuaranteeRunOutcome,
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            422: "Invalid request",
            428: "No Idempotency-Key (a guarantee run moves money)",
        }
    ),
)
async def guarantee_run(
    body: GuaranteeRun,
    principal: StaffPrincipal,
    handlers: Handlers,
    runtime: Runtime,
    response: Response,
    key: IdempotencyKey = None,
) -> GuaranteeRunOutcome:
    as_of = body.as_of or handlers.today()

    async def run() -> dict[str, Any]:
        guaranteed = await handlers.run_guarantee(as_of)
        return {"as_of": as_of.isoformat(), "guaranteed_receivables": guaranteed}

    answer, created = await run_remembered(
        runtime.uow,
        scope="guarantee-run",
        key=required_key(key, "a guarantee run"),
        request_fingerprint=fingerprint({"as_of": as_of.isoformat()}),
        run=run,
    )
    answer_status(response, created)
    return GuaranteeRunOutcome.model_validate(answer)
