"""HTTP routes of the collections service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile

from smart_collections.bus import Collections
from smart_collections.schemas import (
    Assignment,
    BankStatement,
    BankStatementWithLines,
    CaseAssignment,
    CaseNoteIn,
    CaseOutcomeIn,
    CollectionCase,
    DisputeIn,
    GuaranteeFund,
    GuaranteeRun,
    GuaranteeRunOutcome,
    Payment,
    PaymentIn,
    PaymentPlanIn,
    Receivable,
    Refund,
    RefundIn,
    Reminder,
    ReminderRun,
    ReminderRunOutcome,
    WriteOff,
    WriteOffDecision,
    WriteOffIn,
)
from smart_common.auth import AdminPrincipal, CurrentPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses
from smart_common.representation import public_document


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


@router.post(
    "/bank-statements",
    status_code=201,
    tags=["bank statements"],
    summary="Import a bank statement (camt.053 .001.02, .04 or .08, multipart field `file`): "
    "its credits become payments matched to their receivables; the same statement again "
    "answers 200 with the first import",
    response_model=BankStatement,
    responses={
        200: {"model": BankStatement, "description": "Imported already: the first import"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Staff only",
                413: "Larger than the service accepts",
                422: "Not a statement read here, or its balances do not reconcile (the "
                "detail gives the figures)",
            }
        ),
    },
)
async def import_bank_statement(
    principal: StaffPrincipal,
    collections: UseCases,
    response: Response,
    file: Annotated[UploadFile, File(description="The bank's statement file")],
) -> BankStatement:
    statement, created = await collections.import_bank_statement(principal, await file.read())
    answer_status(response, created)
    return BankStatement.model_validate(public_document(statement, "statement_id"))


@router.get(
    "/bank-statements",
    tags=["bank statements"],
    summary="The entity's imported statements, the latest first (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only"}),
)
async def bank_statements(
    principal: StaffPrincipal,
    collections: UseCases,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[BankStatement]:
    return await collections.queries.bank_statements(principal, limit)


@router.get(
    "/bank-statements/{statement_id}",
    tags=["bank statements"],
    summary="A statement with each line: amount, value date, counterparty, reference, status "
    "and the receivable it went to (staff)",
    responses=problem_responses(
        {401: "Not logged in", 403: "Staff only", 404: "No such statement"}
    ),
)
async def bank_statement(
    statement_id: str, principal: StaffPrincipal, collections: UseCases
) -> BankStatementWithLines:
    return await collections.queries.bank_statement(principal, statement_id)


@router.get(
    "/unmatched-payments",
    tags=["payments"],
    summary="The queue: payments no receivable took (no or a wrong reference, another "
    "currency), the oldest first, with the reason (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only"}),
)
async def unmatched_payments(
    principal: StaffPrincipal,
    collections: UseCases,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[Payment]:
    return await collections.queries.unmatched_payments(principal, limit)


@router.post(
    "/unmatched-payments/{payment_id}/assignment",
    tags=["payments"],
    summary="Assign a payment of the queue to the receivable it pays: applied as if it had "
    "matched (Idempotency-Key required)",
    response_model=Payment,
    responses={
        200: {"model": Payment, "description": "Assigned (or the Idempotency-Key's answer)"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Staff only",
                404: "No such payment",
                409: "The payment is matched already",
                422: "No such receivable in the entity, or another currency",
                428: "No Idempotency-Key (an assignment moves money)",
            }
        ),
    },
)
async def assign_payment(
    payment_id: str,
    body: Assignment,
    principal: StaffPrincipal,
    collections: UseCases,
    key: IdempotencyKey = None,
) -> Payment:
    payment, _ = await collections.assign_payment(
        principal, payment_id, body, required_key(key, "assigning a payment")
    )
    return payment


@router.post(
    "/receivables/{receivable_id}/write-off",
    status_code=201,
    tags=["guarantee fund"],
    summary="Propose to write a guaranteed receivable off (staff); an administrator other "
    "than the proposer decides",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            404: "No such receivable in the entity",
            409: "Not guaranteed, nothing left to lose, written off or proposed already",
            422: "Invalid request",
        }
    ),
)
async def propose_write_off(
    receivable_id: str, body: WriteOffIn, principal: StaffPrincipal, collections: UseCases
) -> WriteOff:
    return await collections.propose_write_off(principal, receivable_id, body)


@router.get(
    "/write-offs",
    tags=["guarantee fund"],
    summary="Write-offs proposed and decided, the latest first (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only", 422: "Invalid"}),
)
async def write_offs(
    principal: StaffPrincipal,
    collections: UseCases,
    status: Annotated[str | None, Query(pattern="^(proposed|approved|rejected)$")] = None,
) -> list[WriteOff]:
    return await collections.queries.write_offs(principal, status)


@router.post(
    "/write-offs/{write_off_id}/decision",
    tags=["guarantee fund"],
    summary="Approve or reject a proposed write-off (administrators; not the proposer): "
    "approved, the fund's advance becomes a loss",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Administrators only, and not the proposer (four eyes)",
            404: "No such proposal in the entity",
            409: "Decided already, or nothing left to write off",
            422: "Invalid request",
        }
    ),
)
async def decide_write_off(
    write_off_id: str, body: WriteOffDecision, principal: AdminPrincipal, collections: UseCases
) -> WriteOff:
    return await collections.decide_write_off(principal, write_off_id, body)


@router.get(
    "/guarantee-fund",
    tags=["guarantee fund"],
    summary="The entity's guarantee fund per currency: balance, exposure, losses (of the "
    "year), summed from its double-entry movements, and the latest movements (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only", 422: "Invalid"}),
)
async def guarantee_fund(
    principal: StaffPrincipal,
    collections: UseCases,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    receivable_id: Annotated[
        str | None, Query(max_length=64, description="Only this receivable's movements")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> GuaranteeFund:
    return await collections.queries.guarantee_fund(principal, year, receivable_id, limit)


@router.post(
    "/reminder-runs",
    tags=["reminders"],
    summary="Issue the reminders due on a day (runs daily by itself; staff may run it for a "
    "day that has come): one step of the pack's schedule per unpaid receivable, with "
    "interest and compensation; past the last step, a collections case",
    response_model=ReminderRunOutcome,
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            422: "Invalid request, or a day after today (outside development)",
            428: "No Idempotency-Key (a run claims money from clients)",
        }
    ),
)
async def reminder_run(
    body: ReminderRun,
    principal: StaffPrincipal,
    collections: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> ReminderRunOutcome:
    outcome, created = await collections.run_reminders.for_staff(
        principal, body.as_of, required_key(key, "a reminder run")
    )
    answer_status(response, created)
    return outcome


@router.get(
    "/reminders",
    tags=["reminders"],
    summary="Reminders issued, the latest first, with the amounts claimed (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only", 422: "Invalid"}),
)
async def reminders(
    principal: StaffPrincipal,
    collections: UseCases,
    receivable_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[Reminder]:
    return await collections.queries.reminders(principal, receivable_id, limit)


@router.post(
    "/receivables/{receivable_id}/dispute",
    tags=["reminders"],
    summary="The client disputes the invoice: reminders pause (staff)",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            404: "No such receivable in the entity",
            409: "Disputed already",
            422: "Invalid request",
        }
    ),
)
async def dispute(
    receivable_id: str, body: DisputeIn, principal: StaffPrincipal, collections: UseCases
) -> Receivable:
    return await collections.dispute(principal, receivable_id, body)


@router.delete(
    "/receivables/{receivable_id}/dispute",
    tags=["reminders"],
    summary="The dispute is settled: reminders go on (staff)",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            404: "No such receivable in the entity",
            409: "Not disputed",
        }
    ),
)
async def settle_dispute(
    receivable_id: str, principal: StaffPrincipal, collections: UseCases
) -> Receivable:
    return await collections.dispute(principal, receivable_id, None)


@router.get(
    "/collection-cases",
    tags=["collection cases"],
    summary="The collections team's queue: receivables past the schedule's last step, the "
    "oldest first (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only", 422: "Invalid"}),
)
async def collection_cases(
    principal: StaffPrincipal,
    collections: UseCases,
    status: Annotated[str | None, Query(pattern="^(open|closed)$")] = None,
    assignee: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[CollectionCase]:
    return await collections.queries.collection_cases(principal, status, assignee, limit)


CASE_CHANGE = problem_responses(
    {
        401: "Not logged in",
        403: "Staff only",
        404: "No such case in the entity",
        409: "The case is closed",
        422: "Invalid request",
    }
)


@router.get(
    "/collection-cases/{case_id}",
    tags=["collection cases"],
    summary="A case with its notes (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only", 404: "No such case"}),
)
async def collection_case(
    case_id: str, principal: StaffPrincipal, collections: UseCases
) -> CollectionCase:
    return await collections.queries.collection_case(principal, case_id)


@router.put(
    "/collection-cases/{case_id}/assignee",
    tags=["collection cases"],
    summary="Give the case to someone of the team (staff)",
    responses=CASE_CHANGE,
)
async def assign_case(
    case_id: str, body: CaseAssignment, principal: StaffPrincipal, collections: UseCases
) -> CollectionCase:
    return await collections.work_on_case.assign(principal, case_id, body)


@router.post(
    "/collection-cases/{case_id}/notes",
    tags=["collection cases"],
    summary="Note a call, a letter, a promise to pay (with its date) on the case (staff)",
    responses=CASE_CHANGE,
)
async def note_case(
    case_id: str, body: CaseNoteIn, principal: StaffPrincipal, collections: UseCases
) -> CollectionCase:
    return await collections.work_on_case.note(principal, case_id, body)


@router.post(
    "/collection-cases/{case_id}/outcome",
    tags=["collection cases"],
    summary="Close the case with its outcome (staff)",
    responses=CASE_CHANGE,
)
async def close_case(
    case_id: str, body: CaseOutcomeIn, principal: StaffPrincipal, collections: UseCases
) -> CollectionCase:
    return await collections.work_on_case.close(principal, case_id, body)


@router.post(
    "/receivables/{receivable_id}/payment-plan",
    status_code=201,
    tags=["reminders"],
    summary="Agree a payment plan: instalments covering what is owed replace the reminders "
    "while they are paid (staff)",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            404: "No such receivable in the entity",
            409: "Settled, written off, or a plan is being kept already",
            422: "The instalments do not add up to what is owed, or their dates do not follow",
        }
    ),
)
async def agree_payment_plan(
    receivable_id: str, body: PaymentPlanIn, principal: StaffPrincipal, collections: UseCases
) -> Receivable:
    return await collections.agree_payment_plan(principal, receivable_id, body)


REFUND = problem_responses(
    {
        401: "Not logged in",
        403: "Staff only",
        404: "No such payment or receivable",
        409: "Not in the queue, nothing paid over, or refunded already",
        422: "Invalid request, or no debtor account to refund to",
        428: "No Idempotency-Key (a refund moves money)",
    }
)


@router.post(
    "/unmatched-payments/{payment_id}/refund",
    status_code=201,
    tags=["payments"],
    summary="Send a payment nobody owes back to its debtor (a SEPA credit transfer)",
    responses={200: {"model": Refund, "description": "The Idempotency-Key's answer"}, **REFUND},
)
async def refund_payment(
    payment_id: str,
    body: RefundIn,
    principal: StaffPrincipal,
    collections: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Refund:
    refund, created = await collections.refund.of_payment(
        principal, payment_id, body, required_key(key, "a refund")
    )
    answer_status(response, created)
    return refund


@router.post(
    "/receivables/{receivable_id}/overpayment-refund",
    status_code=201,
    tags=["payments"],
    summary="Send what the client paid over the receivable back to them (once)",
    responses={200: {"model": Refund, "description": "The Idempotency-Key's answer"}, **REFUND},
)
async def refund_overpayment(
    receivable_id: str,
    body: RefundIn,
    principal: StaffPrincipal,
    collections: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Refund:
    refund, created = await collections.refund.of_overpayment(
        principal, receivable_id, body, required_key(key, "a refund")
    )
    answer_status(response, created)
    return refund


@router.get(
    "/refunds/{refund_id}/credit-transfer",
    tags=["payments"],
    summary="The refund as a pain.001.001.09 file for the bank (staff)",
    response_class=Response,
    responses={
        200: {"content": {"application/xml": {}}, "description": "pain.001.001.09"},
        **problem_responses({401: "Not logged in", 403: "Staff only", 404: "No such refund"}),
    },
)
async def refund_credit_transfer(
    refund_id: str, principal: StaffPrincipal, collections: UseCases
) -> Response:
    return Response(
        await collections.refund.credit_transfer(principal, refund_id),
        media_type="application/xml",
    )


@router.get(
    "/collection-cases/{case_id}/case-file",
    tags=["collection cases"],
    summary="The legal hand-off: the case's file (case, receivable, reminders with their proof "
    "of sending, payments) as a ZIP (staff)",
    response_class=Response,
    responses={
        200: {"content": {"application/zip": {}}, "description": "The case file"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Staff only",
                404: "No such case",
                503: "The invoicing service's documents could not be fetched: try again",
            }
        ),
    },
)
async def case_file(
    case_id: str, request: Request, principal: StaffPrincipal, collections: UseCases
) -> Response:
    name, content = await collections.export_case_file(
        principal, case_id, request.headers["Authorization"]
    )
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
