"""HTTP routes of the governance service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_common.auth import CurrentPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses
from smart_governance.handlers import GovernanceHandlers, SubscriptionIn
from smart_governance.schemas import Register, Subscription


def handlers_of(request: Request) -> GovernanceHandlers:
    return request.app.state.container


Handlers = Annotated[GovernanceHandlers, Depends(handlers_of)]
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
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> Subscription:
    subscription, created = await handlers.subscribe(
        principal, body, required_key(key, "subscribing shares")
    )
    answer_status(response, created)
    return Subscription.model_validate(subscription)


@router.get(
    "/shares",
    tags=["share register"],
    summary="The share register (members: their own subscriptions)",
    responses=problem_responses({401: "Not logged in"}),
)
async def register(
    principal: CurrentPrincipal,
    handlers: Handlers,
    member_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Register:
    return Register.model_validate(await handlers.register(principal, member_id))
