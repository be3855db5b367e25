"""HTTP routes of the invoicing service: parse, authorise, call a handler, nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_common.auth import CurrentPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import Conflict
from smart_invoicing.container import UseCases
from smart_invoicing.handlers import CreditNoteIn, InvoicingHandlers, public
from smart_invoicing.quotes import QuoteHandlers, QuoteIn, public_quote


def handlers_of(request: Request) -> InvoicingHandlers:
    use_cases: UseCases = request.app.state.container
    return use_cases.invoices


def quotes_of(request: Request) -> QuoteHandlers:
    use_cases: UseCases = request.app.state.container
    return use_cases.quotes


Handlers = Annotated[InvoicingHandlers, Depends(handlers_of)]
Quotes = Annotated[QuoteHandlers, Depends(quotes_of)]
Token = Annotated[str, Query(min_length=16, max_length=128, description="From the signed link")]
router = APIRouter(prefix="/v1")
XML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/xml": {}}, "description": "Peppol BIS Billing 3.0 UBL"}
}
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "PDF"}
}


async def _rendered(
    render: Callable[[dict[str, Any]], bytes], stored: dict[str, Any], media_type: str, suffix: str
) -> Response:
    if "document" not in stored:
        raise Conflict(
            f"{stored['number']} was stored before documents had their legal content: "
            "it has no structured form"
        )
    content = await asyncio.to_thread(render, stored)
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'inline; filename="{stored["number"]}{suffix}"'},
    )


@router.get("/invoices", tags=["invoices"], summary="Invoices you may see, newest first")
async def invoices(
    principal: CurrentPrincipal,
    handlers: Handlers,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(pattern="^(issued|sent|credited)$")] = None,
) -> list[dict[str, Any]]:
    return await handlers.invoices(principal, job_id, status)


@router.get(
    "/invoices/{invoice_id}",
    tags=["invoices"],
    summary="An invoice: parties, lines, VAT, totals, mentions, payment reference, delivery",
)
async def invoice(
    invoice_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return public(await handlers.invoice_document(principal, invoice_id), "invoice_id")


@router.get("/invoices/{invoice_id}/ubl", tags=["invoices"], responses=XML, response_class=Response)
async def invoice_ubl(invoice_id: str, principal: CurrentPrincipal, handlers: Handlers) -> Response:
    stored = await handlers.invoice_document(principal, invoice_id)
    return await _rendered(handlers.ubl, stored, "application/xml", ".xml")


@router.get("/invoices/{invoice_id}/pdf", tags=["invoices"], responses=PDF, response_class=Response)
async def invoice_pdf(invoice_id: str, principal: CurrentPrincipal, handlers: Handlers) -> Response:
    stored = await handlers.invoice_document(principal, invoice_id)
    return await _rendered(handlers.pdf, stored, "application/pdf", ".pdf")


@router.get(
    "/invoices/{invoice_id}/facturx",
    tags=["invoices"],
    summary="The invoice as Factur-X (EN 16931 profile): PDF/A-3 with the CII XML embedded",
    responses=PDF,
    response_class=Response,
)
async def invoice_facturx(
    invoice_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> Response:
    stored = await handlers.invoice_document(principal, invoice_id)
    return await _rendered(handlers.facturx, stored, "application/pdf", "-facturx.pdf")


@router.post(
    "/invoices/{invoice_id}/credit-notes",
    status_code=201,
    tags=["credit notes"],
    summary="Correct an invoice by a full or partial credit note (the invoice stays as it is)",
)
async def credit_invoice(
    invoice_id: str,
    body: CreditNoteIn,
    principal: CurrentPrincipal,
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    note, created = await handlers.issue_credit_note(
        principal, invoice_id, body, required_key(key, "a credit note")
    )
    answer_status(response, created)
    response.headers["Location"] = f"/v1/credit-notes/{note['credit_note_id']}"
    return note


@router.get("/credit-notes", tags=["credit notes"], summary="Credit notes you may see")
async def credit_notes(
    principal: CurrentPrincipal,
    handlers: Handlers,
    invoice_id: Annotated[str | None, Query(max_length=64)] = None,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    return await handlers.credit_notes(principal, invoice_id, job_id)


@router.get("/credit-notes/{credit_note_id}", tags=["credit notes"])
async def credit_note(
    credit_note_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return public(await handlers.credit_note_document(principal, credit_note_id), "credit_note_id")


@router.get(
    "/credit-notes/{credit_note_id}/ubl",
    tags=["credit notes"],
    responses=XML,
    response_class=Response,
)
async def credit_note_ubl(
    credit_note_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> Response:
    stored = await handlers.credit_note_document(principal, credit_note_id)
    return await _rendered(handlers.ubl, stored, "application/xml", ".xml")


@router.get(
    "/credit-notes/{credit_note_id}/pdf",
    tags=["credit notes"],
    responses=PDF,
    response_class=Response,
)
async def credit_note_pdf(
    credit_note_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> Response:
    stored = await handlers.credit_note_document(principal, credit_note_id)
    return await _rendered(handlers.pdf, stored, "application/pdf", ".pdf")


@router.post(
    "/quotes",
    status_code=201,
    tags=["quotes"],
    summary="Prepare a quote for one of your clients (same VAT engine as the invoice)",
)
async def prepare_quote(
    body: QuoteIn,
    principal: CurrentPrincipal,
    quotes: Quotes,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    quote, created = await quotes.prepare(principal, body, key)
    answer_status(response, created)
    response.headers["Location"] = f"/v1/quotes/{quote['quote_id']}"
    return quote


@router.get("/quotes", tags=["quotes"], summary="Quotes you may see, newest first")
async def list_quotes(
    principal: CurrentPrincipal,
    quotes: Quotes,
    status: Annotated[str | None, Query(pattern="^(draft|sent|accepted|confirmed)$")] = None,
) -> list[dict[str, Any]]:
    return await quotes.quotes(principal, status)


@router.get("/quotes/{quote_id}", tags=["quotes"])
async def quote(quote_id: str, principal: CurrentPrincipal, quotes: Quotes) -> dict[str, Any]:
    return public_quote(await quotes.quote_document(principal, quote_id))


@router.get("/quotes/{quote_id}/pdf", tags=["quotes"], responses=PDF, response_class=Response)
async def quote_pdf(
    quote_id: str, principal: CurrentPrincipal, quotes: Quotes, handlers: Handlers
) -> Response:
    stored = await quotes.quote_document(principal, quote_id)
    return await _rendered(handlers.pdf, stored, "application/pdf", ".pdf")


@router.post(
    "/quotes/{quote_id}/sending",
    tags=["quotes"],
    summary="E-mail the quote to the client with its signed acceptance link",
)
async def send_quote(quote_id: str, principal: CurrentPrincipal, quotes: Quotes) -> dict[str, Any]:
    return await quotes.send(principal, quote_id)


@router.get(
    "/quotes/{quote_id}/acceptance",
    tags=["quotes"],
    summary="The client's view of a quote (signed link, no login)",
)
async def quote_for_client(quote_id: str, token: Token, quotes: Quotes) -> dict[str, Any]:
    return await quotes.for_client(quote_id, token)


@router.post(
    "/quotes/{quote_id}/acceptance",
    tags=["quotes"],
    summary="The client accepts the quote (signed link, no login)",
)
async def accept_quote(quote_id: str, token: Token, quotes: Quotes) -> dict[str, Any]:
    return await quotes.accept(quote_id, token)


@router.post(
    "/quotes/{quote_id}/confirmation",
    tags=["quotes"],
    summary="Confirm an accepted quote: it becomes the job's declaration",
)
async def confirm_quote(
    quote_id: str, principal: CurrentPrincipal, quotes: Quotes
) -> dict[str, Any]:
    return await quotes.confirm(principal, quote_id)
