"""HTTP routes of the collections service."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_collections.handlers import CollectionsHandlers, PaymentIn
from smart_common.auth import CurrentPrincipal, StaffPrincipal
from smart_common.http import Runtime
from smart_common.idempotency import (
    IdempotencyKey,
    answer_status,
    fingerprint,
    required_key,
    run_remembered,
)
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
)
async def record_payment(
    body: PaymentIn,
    principal: StaffPrincipal,
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    if key is None and body.bank_reference is not None:
        key = f"bank:{body.bank_reference}"
    payment, created = await handlers.record_payment(
        principal, body, required_key(key, "recording a payment")
    )
    answer_status(response, created)
    return payment


@router.get("/payments/{payment_id}", tags=["payments"])
async def payment(payment_id: str, principal: StaffPrincipal, handlers: Handlers) -> dict[str, Any]:
    return await handlers.payment(principal, payment_id)


@router.get("/receivables/{receivable_id}", tags=["receivables"])
async def receivable(
    receivable_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.receivable(principal, receivable_id)


@router.get("/receivables", tags=["receivables"])
async def receivables(
    principal: CurrentPrincipal,
    handlers: Handlers,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
    invoice_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    return await handlers.receivables(principal, job_id, invoice_id)


class GuaranteeRun(InputModel):
    as_of: date | None = None


@router.post(
    "/guarantee-runs",
    tags=["guarantee fund"],
    summary="Guarantee the salaries whose invoices are unpaid on their guarantee date "
    "(runs by itself periodically; staff may run it for a given day)",
)
async def guarantee_run(
    body: GuaranteeRun,
    principal: StaffPrincipal,
    handlers: Handlers,
    runtime: Runtime,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
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
    return answer
