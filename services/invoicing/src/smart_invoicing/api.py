"""HTTP routes of the invoicing service: parse, authorise, call a use case, nothing else."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from smart_common.auth import CurrentPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import Conflict, problem_responses
from smart_invoicing.bus import Invoicing
from smart_invoicing.documents import rendering
from smart_invoicing.schemas import (
    CreditNote,
    CreditNoteIn,
    CreditNoteRequest,
    DecisionIn,
    Invoice,
    Quote,
    QuoteForClient,
    QuoteIn,
)


def invoicing_of(request: Request) -> Invoicing:
    return request.app.state.container


UseCases = Annotated[Invoicing, Depends(invoicing_of)]
Token = Annotated[str, Query(min_length=16, max_length=128, description="From the signed link")]
router = APIRouter(prefix="/v1")
LOGGED_IN = {401: "Not logged in (or the token expired)"}
UNSTRUCTURED = {409: "Stored before documents had their legal content: no structured form"}


def _rendering(media_type: str, description: str, missing: str) -> dict[int | str, Any]:
    return {
        200: {"content": {media_type: {}}, "description": description},
        **problem_responses({**LOGGED_IN, 404: missing, **UNSTRUCTURED}),
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


@router.get(
    "/invoices",
    tags=["invoices"],
    summary="Invoices you may see, newest first",
    responses=problem_responses(LOGGED_IN),
)
async def invoices(
    principal: CurrentPrincipal,
    invoicing: UseCases,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[str | None, Query(pattern="^(issued|sent|credited)$")] = None,
) -> list[Invoice]:
    return await invoicing.queries.invoices(principal, job_id, status)


@router.get(
    "/invoices/{invoice_id}",
    tags=["invoices"],
    summary="An invoice: parties, lines, VAT, totals, mentions, payment reference, delivery",
    responses=problem_responses({**LOGGED_IN, 404: "No such invoice you may see"}),
)
async def invoice(invoice_id: str, principal: CurrentPrincipal, invoicing: UseCases) -> Invoice:
    return Invoice.of(await invoicing.queries.invoice_document(principal, invoice_id))


@router.get(
    "/invoices/{invoice_id}/ubl",
    tags=["invoices"],
    summary="The invoice as Peppol BIS Billing 3.0 UBL (its PDF embedded)",
    responses=_rendering("application/xml", "Peppol BIS Billing 3.0 UBL", "No such invoice"),
    response_class=Response,
)
async def invoice_ubl(
    invoice_id: str, principal: CurrentPrincipal, invoicing: UseCases
) -> Response:
    stored = await invoicing.queries.invoice_document(principal, invoice_id)
    return await _rendered(rendering.ubl, stored, "application/xml", ".xml")


@router.get(
    "/invoices/{invoice_id}/pdf",
    tags=["invoices"],
    summary="The invoice as PDF",
    responses=_rendering("application/pdf", "PDF", "No such invoice"),
    response_class=Response,
)
async def invoice_pdf(
    invoice_id: str, principal: CurrentPrincipal, invoicing: UseCases
) -> Response:
    stored = await invoicing.queries.invoice_document(principal, invoice_id)
    return await _rendered(rendering.pdf, stored, "application/pdf", ".pdf")


@router.get(
    "/invoices/{invoice_id}/facturx",
    tags=["invoices"],
    summary="The invoice as Factur-X (EN 16931 profile): PDF/A-3 with the CII XML embedded",
    responses=_rendering("application/pdf", "Factur-X PDF/A-3", "No such invoice"),
    response_class=Response,
)
async def invoice_facturx(
    invoice_id: str, principal: CurrentPrincipal, invoicing: UseCases
) -> Response:
    stored = await invoicing.queries.invoice_document(principal, invoice_id)
    return await _rendered(rendering.facturx, stored, "application/pdf", "-facturx.pdf")


@router.post(
    "/invoices/{invoice_id}/credit-notes",
    status_code=201,
    tags=["credit notes"],
    summary="Correct an invoice by a full or partial credit note (the invoice stays as it is); "
    "a member's own beyond the guard-rails becomes a request a counsellor decides on (202)",
    response_model=CreditNote,
    responses={
        202: {
            "model": CreditNoteRequest,
            "description": "Beyond the guard-rails (the salary is paid or guaranteed, or more "
            "than the client has not paid): a request awaiting a counsellor's decision",
        },
        **problem_responses(
            {
                **LOGGED_IN,
                404: "No such invoice you may see",
                422: "More than is left on the invoice, or the key was used with another body",
                428: "An Idempotency-Key is required (a credit note moves money)",
            }
        ),
    },
)
async def credit_invoice(
    invoice_id: str,
    body: CreditNoteIn,
    principal: CurrentPrincipal,
    invoicing: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> CreditNote | JSONResponse:
    answer, created = await invoicing.issue_credit_note(
        principal, invoice_id, body, required_key(key, "a credit note")
    )
    if answer.request is not None:
        return JSONResponse(
            answer.request.model_dump(mode="json"),
            status_code=202 if created else 200,
            headers={"Location": f"/v1/credit-note-requests/{answer.request.request_id}"},
        )
    assert answer.credit_note is not None
    answer_status(response, created)
    response.headers["Location"] = f"/v1/credit-notes/{answer.credit_note.credit_note_id}"
    return answer.credit_note


@router.get(
    "/credit-note-requests",
    tags=["credit notes"],
    summary="Credit-note requests you may see (staff: the entity's; a member: their own)",
    responses=problem_responses(LOGGED_IN),
)
async def credit_note_requests(
    principal: CurrentPrincipal,
    invoicing: UseCases,
    status: Annotated[Literal["pending", "approved", "rejected"] | None, Query()] = None,
) -> list[CreditNoteRequest]:
    return await invoicing.queries.credit_note_requests(principal, status)


@router.get(
    "/credit-note-requests/{request_id}",
    tags=["credit notes"],
    summary="A credit-note request",
    responses=problem_responses({**LOGGED_IN, 404: "No such request you may see"}),
)
async def credit_note_request(
    request_id: str, principal: CurrentPrincipal, invoicing: UseCases
) -> CreditNoteRequest:
    return await invoicing.queries.credit_note_request(principal, request_id)


DECIDING = problem_responses(
    {
        **LOGGED_IN,
        403: "Counsellors and administrators only",
        404: "No such request in your entity",
        409: "Already decided otherwise",
        422: "Invalid request, or the invoice can no longer take this credit",
    }
)


@router.post(
    "/credit-note-requests/{request_id}/approval",
    tags=["credit notes"],
    summary="Approve a member's credit-note request: the credit note is issued",
    responses=DECIDING,
)
async def approve_credit_note_request(
    request_id: str, body: DecisionIn, principal: StaffPrincipal, invoicing: UseCases
) -> CreditNoteRequest:
    return await invoicing.decide_credit_note_request(principal, request_id, True, body.reason)


@router.post(
    "/credit-note-requests/{request_id}/rejection",
    tags=["credit notes"],
    summary="Reject a member's credit-note request: nothing is issued",
    responses=DECIDING,
)
async def reject_credit_note_request(
    request_id: str, body: DecisionIn, principal: StaffPrincipal, invoicing: UseCases
) -> CreditNoteRequest:
    return await invoicing.decide_credit_note_request(principal, request_id, False, body.reason)


@router.get(
    "/credit-notes",
    tags=["credit notes"],
    summary="Credit notes you may see",
    responses=problem_responses(LOGGED_IN),
)
async def credit_notes(
    principal: CurrentPrincipal,
    invoicing: UseCases,
    invoice_id: Annotated[str | None, Query(max_length=64)] = None,
    job_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[CreditNote]:
    return await invoicing.queries.credit_notes(principal, invoice_id, job_id)


@router.get(
    "/credit-notes/{credit_note_id}",
    tags=["credit notes"],
    summary="A credit note",
    responses=problem_responses({**LOGGED_IN, 404: "No such credit note you may see"}),
)
async def credit_note(
    credit_note_id: str, principal: CurrentPrincipal, invoicing: UseCases
) -> CreditNote:
    return CreditNote.of(await invoicing.queries.credit_note_document(principal, credit_note_id))


@router.get(
    "/credit-notes/{credit_note_id}/ubl",
    tags=["credit notes"],
    summary="The credit note as Peppol BIS Billing 3.0 UBL",
    responses=_rendering("application/xml", "Peppol BIS Billing 3.0 UBL", "No such credit note"),
    response_class=Response,
)
async def credit_note_ubl(
    credit_note_id: str, principal: CurrentPrincipal, invoicing: UseCases
) -> Response:
    stored = await invoicing.queries.credit_note_document(principal, credit_note_id)
    return await _rendered(rendering.ubl, stored, "application/xml", ".xml")


@router.get(
    "/credit-notes/{credit_note_id}/pdf",
    tags=["credit notes"],
    summary="The credit note as PDF",
    responses=_rendering("application/pdf", "PDF", "No such credit note"),
    response_class=Response,
)
async def credit_note_pdf(
    credit_note_id: str, principal: CurrentPrincipal, invoicing: UseCases
) -> Response:
    stored = await invoicing.queries.credit_note_document(principal, credit_note_id)
    return await _rendered(rendering.pdf, stored, "application/pdf", ".pdf")


@router.get(
    "/reminders/{reminder_id}/pdf",
    tags=["reminders"],
    summary="A reminder's letter as PDF, as it was sent with the invoice (staff)",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The reminder letter"},
        **problem_responses({401: "Not logged in", 403: "Staff only", 404: "No such reminder"}),
    },
)
async def reminder_pdf(
    reminder_id: str, principal: StaffPrincipal, invoicing: UseCases
) -> Response:
    content = await invoicing.queries.reminder_letter(principal, reminder_id)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="reminder-{reminder_id}.pdf"'},
    )


@router.post(
    "/quotes",
    status_code=201,
    tags=["quotes"],
    summary="Prepare a quote for one of your clients (same VAT engine as the invoice)",
    responses=problem_responses(
        {**LOGGED_IN, 422: "Not one of your clients, inconsistent dates, or rules not configured"}
    ),
)
async def prepare_quote(
    body: QuoteIn,
    principal: CurrentPrincipal,
    invoicing: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Quote:
    quote, created = await invoicing.prepare_quote(principal, body, key)
    answer_status(response, created)
    response.headers["Location"] = f"/v1/quotes/{quote.quote_id}"
    return quote


@router.get(
    "/quotes",
    tags=["quotes"],
    summary="Quotes you may see, newest first",
    responses=problem_responses(LOGGED_IN),
)
async def list_quotes(
    principal: CurrentPrincipal,
    invoicing: UseCases,
    status: Annotated[str | None, Query(pattern="^(draft|sent|accepted|confirmed)$")] = None,
) -> list[Quote]:
    return await invoicing.queries.quotes(principal, status)


@router.get(
    "/quotes/{quote_id}",
    tags=["quotes"],
    summary="A quote",
    responses=problem_responses({**LOGGED_IN, 404: "No such quote you may see"}),
)
async def quote(quote_id: str, principal: CurrentPrincipal, invoicing: UseCases) -> Quote:
    return Quote.of(await invoicing.queries.quote_document(principal, quote_id))


@router.get(
    "/quotes/{quote_id}/pdf",
    tags=["quotes"],
    summary="The quote as PDF",
    responses=_rendering("application/pdf", "PDF", "No such quote"),
    response_class=Response,
)
async def quote_pdf(quote_id: str, principal: CurrentPrincipal, invoicing: UseCases) -> Response:
    stored = await invoicing.queries.quote_document(principal, quote_id)
    return await _rendered(rendering.pdf, stored, "application/pdf", ".pdf")


@router.post(
    "/quotes/{quote_id}/sending",
    tags=["quotes"],
    summary="E-mail the quote to the client with its signed acceptance link",
    responses=problem_responses(
        {
            **LOGGED_IN,
            404: "No such quote you may see",
            409: "Accepted or confirmed already",
            429: "Too many quote e-mails this hour",
        }
    ),
)
async def send_quote(quote_id: str, principal: CurrentPrincipal, invoicing: UseCases) -> Quote:
    return await invoicing.send_quote(principal, quote_id)


@router.get(
    "/quotes/{quote_id}/acceptance",
    tags=["quotes"],
    summary="The client's view of a quote (signed link, no login)",
    responses=problem_responses({404: "No such quote (or a wrong link)"}),
)
async def quote_for_client(quote_id: str, token: Token, invoicing: UseCases) -> QuoteForClient:
    return await invoicing.queries.quote_for_client(quote_id, token)


@router.post(
    "/quotes/{quote_id}/acceptance",
    tags=["quotes"],
    summary="The client accepts the quote (signed link, no login)",
    responses=problem_responses({404: "No such quote (or a wrong link)", 409: "The quote expired"}),
)
async def accept_quote(quote_id: str, token: Token, invoicing: UseCases) -> QuoteForClient:
    return await invoicing.accept_quote(quote_id, token)


@router.post(
    "/quotes/{quote_id}/confirmation",
    tags=["quotes"],
    summary="Confirm an accepted quote: it becomes the job's declaration",
    responses=problem_responses(
        {**LOGGED_IN, 404: "No such quote you may see", 409: "The quote is not accepted"}
    ),
)
async def confirm_quote(quote_id: str, principal: CurrentPrincipal, invoicing: UseCases) -> Quote:
    return await invoicing.confirm_quote(principal, quote_id)
