"""HTTP routes of the governance service: parse, authorise, call a use case, nothing else."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_common.auth import CurrentPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses
from smart_governance.bus import Governance
from smart_governance.schemas import Register, Subscription, SubscriptionIn


def governance_of(request: Request) -> Governance:
    return request.app.state.container


UseCases = Annotated[Governance, Depends(governance_of)]
router = APIRouter(prefix="/v1")


@router.post(
    "/shares",
    status_code=201,
    tags=["share register"],
    summary="Subscribe cooperative shares (EUR 30 each in Belgium)",
    response_model=Subscription,
    responses={
        200: {"model": Subscription, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "A member subscribing for someone else",
                422: "Invalid request",
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
    summary="The share register (members: their own subscriptions)",
    responses=problem_responses({401: "Not logged in"}),
)
async def register(
    principal: CurrentPrincipal,
    governance: UseCases,
    member_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Register:
    return await governance.queries.register(principal, member_id)
