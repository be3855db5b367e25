"""HTTP routes of the governance service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from smart_common.auth import CurrentPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_governance.handlers import GovernanceHandlers, SubscriptionIn


def handlers_of(request: Request) -> GovernanceHandlers:
    return request.app.state.container


Handlers = Annotated[GovernanceHandlers, Depends(handlers_of)]
router = APIRouter(prefix="/v1")


@router.post(
    "/shares",
    status_code=201,
    tags=["share register"],
    summary="Subscribe cooperative shares (EUR 30 each in Belgium)",
)
async def subscribe(
    body: SubscriptionIn,
    principal: CurrentPrincipal,
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    subscription, created = await handlers.subscribe(
        principal, body, required_key(key, "subscribing shares")
    )
    answer_status(response, created)
    return subscription


@router.get(
    "/shares",
    tags=["share register"],
    summary="The share register (members: their own subscriptions)",
)
async def register(
    principal: CurrentPrincipal,
    handlers: Handlers,
    member_id: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    return await handlers.register(principal, member_id)
