"""HTTP routes of mutualised financing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from smart_activities.api import ActivityId, UseCases
from smart_activities.schemas import Financing, FinancingIn, Financings
from smart_common.auth import CurrentPrincipal, MemberPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status
from smart_common.problems import problem_responses

router = APIRouter(prefix="/v1")
FinancingId = Annotated[str, Path(max_length=64)]


@router.post(
    "/activities/{activity_id}/financing-requests",
    status_code=201,
    tags=["financing"],
    summary="Ask the cooperative to finance a purchase (a counsellor decides; repaid in "
    "monthly instalments from the activity's revenue)",
    response_model=Financing,
    responses={
        200: {"model": Financing, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Not a member",
                404: "No such activity (or not yours)",
                422: "Above the entity's amount or length, an invalid IBAN, or not configured",
            }
        ),
    },
)
async def request_financing(
    activity_id: ActivityId,
    body: FinancingIn,
    principal: MemberPrincipal,
    activities: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Financing:
    financing, created = await activities.request_financing(principal, activity_id, body, key)
    answer_status(response, created)
    return financing


@router.get(
    "/activities/{activity_id}/financing",
    tags=["financing"],
    summary="The activity's financings with their instalments, what is due and what is late",
    responses=problem_responses({401: "Not logged in", 404: "No such activity (or not yours)"}),
)
async def financings(
    activity_id: ActivityId, principal: CurrentPrincipal, activities: UseCases
) -> Financings:
    return await activities.queries.financings(principal, activity_id)


@router.get(
    "/financing/{financing_id}",
    tags=["financing"],
    summary="One financing",
    responses=problem_responses({401: "Not logged in", 404: "No such financing (or not yours)"}),
)
async def financing(
    financing_id: FinancingId, principal: CurrentPrincipal, activities: UseCases
) -> Financing:
    return await activities.queries.financing(principal, financing_id)


@router.post(
    "/financing/{financing_id}/early-repayment",
    tags=["financing"],
    summary="Repay the rest of a financing now, from the activity's cash",
    responses=problem_responses(
        {
            401: "Not logged in",
            403: "Not a member",
            404: "No such financing (or not yours)",
            409: "Not being repaid",
            422: "The cash does not cover what is left (the detail gives the figure)",
        }
    ),
)
async def repay_early(
    financing_id: FinancingId, principal: MemberPrincipal, activities: UseCases
) -> Financing:
    return await activities.repay_financing_early(principal, financing_id)


@router.get(
    "/financing/{financing_id}/transfer",
    tags=["financing"],
    summary="The advance's SEPA credit transfer to the payee, pain.001.001.09 (staff)",
    response_class=Response,
    responses={
        200: {"content": {"application/xml": {}}, "description": "The transfer for the bank"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Staff only",
                404: "No such financing",
                409: "Not disbursed",
            }
        ),
    },
)
async def transfer(
    financing_id: FinancingId, principal: StaffPrincipal, activities: UseCases
) -> Response:
    content = await activities.queries.financing_transfer(principal, financing_id)
    return Response(content, media_type="application/xml")
