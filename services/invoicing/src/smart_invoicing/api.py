"""HTTP routes of the invoicing service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from smart_common.auth import CurrentPrincipal
from smart_invoicing.handlers import InvoicingHandlers


def handlers_of(request: Request) -> InvoicingHandlers:
    return request.app.state.container


Handlers = Annotated[InvoicingHandlers, Depends(handlers_of)]
router = APIRouter(prefix="/v1")


@router.get(
    "/invoices/{invoice_id}",
    tags=["invoices"],
    summary="An invoice: lines, VAT, totals, number, payment reference, due date, status",
)
async def invoice(
    invoice_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.invoice(principal, invoice_id)


@router.get("/invoices", tags=["invoices"], summary="Invoices you may see, newest first")
async def invoices(
    principal: CurrentPrincipal,
    handlers: Handlers,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(pattern="^(issued|sent)$")] = None,
) -> list[dict[str, Any]]:
    return await handlers.invoices(principal, job_id, status)
