"""HTTP routes of expense notes and of the counsellor's review queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Response, UploadFile

from smart_activities.api import ActivityId, UseCases
from smart_activities.domain.receipts import MAX_BYTES
from smart_activities.schemas import (
    ExpenseNote,
    ExpenseNoteIn,
    ExpenseNotePaymentIn,
    ExpenseNotes,
    Review,
    ReviewDecisionIn,
    Reviews,
)
from smart_common.auth import CurrentPrincipal, MemberPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses

router = APIRouter(prefix="/v1")
NoteId = Annotated[str, Path(max_length=64)]
RECEIPTS_PATH = "/v1/expense-notes/{note_id}/receipts"
RECEIPTS_BODY_BYTES = 16 * 1024 * 1024
"""A receipt a little over the limit still reaches the check that says why it is refused."""
OWN_NOTE = {401: "Not logged in", 404: "No such expense note (or not yours)"}


@router.post(
    "/activities/{activity_id}/expense-notes",
    status_code=201,
    tags=["expense notes"],
    summary="Write an expense note for your activity (a draft: attach receipts, then submit)",
    response_model=ExpenseNote,
    responses={
        200: {"model": ExpenseNote, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Not a member",
                404: "No such activity (or not yours)",
                422: "A category not the entity's, lines that do not add up, a future date",
            }
        ),
    },
)
async def draft_expense_note(
    activity_id: ActivityId,
    body: ExpenseNoteIn,
    principal: MemberPrincipal,
    activities: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> ExpenseNote:
    note, created = await activities.draft_expense_note(principal, activity_id, body, key)
    answer_status(response, created)
    return note


@router.get(
    "/activities/{activity_id}/expense-notes",
    tags=["expense notes"],
    summary="The activity's expense notes, oldest first",
    responses=problem_responses({401: "Not logged in", 404: "No such activity (or not yours)"}),
)
async def expense_notes(
    activity_id: ActivityId, principal: CurrentPrincipal, activities: UseCases
) -> ExpenseNotes:
    return await activities.queries.expense_notes(principal, activity_id)


@router.get(
    "/expense-notes/{note_id}",
    tags=["expense notes"],
    summary="One expense note with its receipts, status history and review",
    responses=problem_responses(OWN_NOTE),
)
async def expense_note(
    note_id: NoteId, principal: CurrentPrincipal, activities: UseCases
) -> ExpenseNote:
    return await activities.queries.expense_note(principal, note_id)


@router.post(
    "/expense-notes/{note_id}/receipts",
    tags=["expense notes"],
    summary=f"Attach a receipt to your draft note (PDF, JPEG or PNG, at most "
    f"{MAX_BYTES // (1024 * 1024)} MB; multipart field `file`)",
    response_model=ExpenseNote,
    responses=problem_responses(
        {
            **OWN_NOTE,
            409: "The note is no longer a draft",
            413: "Larger than the service accepts",
            422: "Not a PDF, JPEG or PNG by its content, too large, or an image too big",
        }
    ),
)
async def attach_receipt(
    note_id: NoteId,
    principal: MemberPrincipal,
    activities: UseCases,
    file: Annotated[UploadFile, File(description="The receipt: PDF, JPEG or PNG")],
) -> ExpenseNote:
    data = await file.read()  # bounded by the route's body limit (RECEIPTS_BODY_BYTES)
    return await activities.attach_receipt(principal, note_id, data, file.filename or "")


@router.get(
    "/expense-notes/{note_id}/receipts/{receipt_id}",
    tags=["expense notes"],
    summary="A receipt as it was attached",
    response_class=Response,
    responses={
        200: {
            "content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}},
            "description": "The receipt",
        },
        **problem_responses({401: "Not logged in", 404: "No such receipt (or not yours)"}),
    },
)
async def receipt(
    note_id: NoteId,
    receipt_id: Annotated[str, Path(max_length=64)],
    principal: CurrentPrincipal,
    activities: UseCases,
) -> Response:
    content, media_type = await activities.queries.receipt(principal, note_id, receipt_id)
    return Response(content, media_type=media_type)


@router.post(
    "/expense-notes/{note_id}/submission",
    tags=["expense notes"],
    summary="Submit your note: approved at once within the entity's rules, else reviewed by "
    "a counsellor first",
    responses=problem_responses(
        {**OWN_NOTE, 403: "Not a member", 409: "Not a draft", 422: "Not configured"}
    ),
)
async def submit_expense_note(
    note_id: NoteId, principal: MemberPrincipal, activities: UseCases
) -> ExpenseNote:
    return await activities.submit_expense_note(principal, note_id)


@router.post(
    "/expense-notes/{note_id}/payment",
    tags=["expense notes"],
    summary="Record the transfer paying an approved note back to the member (staff)",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            404: "No such expense note",
            409: "Not approved (or paid already)",
            422: "The activity's cash does not cover the note (the detail gives the figures)",
            428: "No Idempotency-Key (the payment moves money)",
        }
    ),
)
async def pay_expense_note(
    note_id: NoteId,
    body: ExpenseNotePaymentIn,
    principal: StaffPrincipal,
    activities: UseCases,
    key: IdempotencyKey = None,
) -> ExpenseNote:
    note, _ = await activities.pay_expense_note(
        principal, note_id, body, required_key(key, "paying an expense note")
    )
    return note  # the same answer for the key's repetitions


@router.get(
    "/reviews",
    tags=["reviews"],
    summary="The review queue (counsellors: their own members first, then the entity's)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only"}),
)
async def reviews(
    principal: StaffPrincipal,
    activities: UseCases,
    status: Annotated[str, Query(pattern="^(open|decided)$")] = "open",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Reviews:
    return await activities.queries.reviews(principal, status, limit)


@router.post(
    "/reviews/{review_id}/decision",
    tags=["reviews"],
    summary="Decide a review: approve, reject or ask the member (a comment says why)",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Staff only",
            404: "No such review",
            409: "Decided already, or the operation no longer waits",
            422: "No comment for a rejection or a question to the member",
        }
    ),
)
async def decide_review(
    review_id: Annotated[str, Path(max_length=64)],
    body: ReviewDecisionIn,
    principal: StaffPrincipal,
    activities: UseCases,
) -> Review:
    return await activities.decide_review(principal, review_id, body)
