"""HTTP routes of the share register: parse, authorise, call a use case, nothing else."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_common.auth import AdminPrincipal, CurrentPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses
from smart_governance.bus import Governance
from smart_governance.schemas import (
    PaymentIn,
    Redemption,
    RedemptionDecisionIn,
    RedemptionIn,
    Register,
    ShareRegister,
    Subscription,
    SubscriptionIn,
)


def governance_of(request: Request) -> Governance:
    return request.app.state.container


UseCases = Annotated[Governance, Depends(governance_of)]
Language = Annotated[Literal["fr", "nl", "en"], Query(description="fr, nl or en")]
router = APIRouter(prefix="/v1")
LOGGED_IN = {401: "Not logged in"}
STAFF = {**LOGGED_IN, 403: "Staff only"}
ADMIN = {**LOGGED_IN, 403: "The board's administrators only"}


def pdf_response(missing: str) -> dict[int | str, Any]:
    return {
        200: {"content": {"application/pdf": {}}, "description": "PDF"},
        **problem_responses({**LOGGED_IN, 404: missing, 422: "Invalid request"}),
    }


@router.post(
    "/shares",
    status_code=201,
    tags=["share register"],
    summary="Subscribe cooperative shares (EUR 30 each in Belgium); paid, they make a member",
    response_model=Subscription,
    responses={
        200: {"model": Subscription, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                **LOGGED_IN,
                403: "A member subscribing for someone else",
                422: "Invalid request, a category the member may not hold, or shares not "
                "configured for the entity",
                428: "No Idempotency-Key (the subscription moves money)",
            }
        ),
    },
)
async def subscribe(
    body: SubscriptionIn,
    principal: CurrentPrincipal,
    governance: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Subscription:
    subscription, created = await governance.subscribe_shares(
        principal, body, required_key(key, "subscribing shares")
    )
    answer_status(response, created)
    return subscription


@router.get(
    "/shares",
    tags=["share register"],
    summary="Share subscriptions (members: their own), paid or awaiting payment",
    responses=problem_responses(LOGGED_IN),
)
async def subscriptions(
    principal: CurrentPrincipal,
    governance: UseCases,
    member_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Register:
    return await governance.queries.subscriptions(principal, member_id)


@router.post(
    "/shares/{subscription_id}/payment",
    tags=["share register"],
    summary="Record a subscription's payment (staff, from the bank statement)",
    responses=problem_responses(
        {
            **STAFF,
            404: "No such subscription",
            409: "Paid already",
            422: "A payment date in the future or before the subscription",
        }
    ),
)
async def record_payment(
    subscription_id: str, body: PaymentIn, principal: StaffPrincipal, governance: UseCases
) -> Subscription:
    return await governance.record_share_payment(principal, subscription_id, body)


@router.post(
    "/shares/redemptions",
    status_code=201,
    tags=["share register"],
    summary="Redeem shares (the statutes' waiting period, minimum and the board's approval)",
    responses=problem_responses(
        {
            **LOGGED_IN,
            403: "A member redeeming someone else's shares",
            409: "The shares are being redeemed already",
            422: "Not redeemable now (the reason says why) or not configured",
        }
    ),
)
async def redeem(
    body: RedemptionIn, principal: CurrentPrincipal, governance: UseCases
) -> Redemption:
    return await governance.redeem_shares(principal, body)


@router.get(
    "/shares/redemptions",
    tags=["share register"],
    summary="Redemptions (members: their own; the board: those awaiting its decision)",
    responses=problem_responses(LOGGED_IN),
)
async def redemptions(
    principal: CurrentPrincipal,
    governance: UseCases,
    status: Annotated[Literal["requested", "redeemed", "refused"] | None, Query()] = None,
) -> list[Redemption]:
    return await governance.queries.redemptions(principal, status)


@router.post(
    "/shares/redemptions/{redemption_id}/decision",
    tags=["share register"],
    summary="The board approves or refuses a redemption",
    responses=problem_responses(
        {**ADMIN, 404: "No such redemption", 409: "Decided already", 422: "No reason given"}
    ),
)
async def decide_redemption(
    redemption_id: str, body: RedemptionDecisionIn, principal: AdminPrincipal, governance: UseCases
) -> Redemption:
    return await governance.decide_redemption(principal, redemption_id, body)


@router.get(
    "/register",
    tags=["share register"],
    summary="The share register: who holds what since when, with its history (staff)",
    responses=problem_responses({**STAFF, 422: "Shares not configured for the entity"}),
)
async def register(principal: StaffPrincipal, governance: UseCases) -> ShareRegister:
    return await governance.queries.register(principal)


@router.get(
    "/members/{member_id}/register-extract",
    tags=["share register"],
    summary="A member's extract of the share register, as PDF",
    response_class=Response,
    responses=pdf_response("No such member you may see"),
)
async def register_extract(
    member_id: str, principal: CurrentPrincipal, governance: UseCases, language: Language = "fr"
) -> Response:
    content = await governance.queries.register_extract(principal, member_id, language)
    return Response(content, media_type="application/pdf")
