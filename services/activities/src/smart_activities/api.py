"""HTTP routes of the activities service: parse, authorise, call a use case, nothing else."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from smart_activities.bus import ActivitiesContainer
from smart_activities.schemas import (
    Activities,
    Activity,
    ActivityIn,
    Balance,
    Ledger,
    ParkedEvents,
    Statement,
)
from smart_common.auth import CurrentPrincipal, MemberPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status
from smart_common.problems import problem_responses


def container_of(request: Request) -> ActivitiesContainer:
    return request.app.state.container


UseCases = Annotated[ActivitiesContainer, Depends(container_of)]
ActivityId = Annotated[str, Path(max_length=64)]
router = APIRouter(prefix="/v1")
SEEN = {401: "Not logged in", 404: "No such activity (or not yours)"}


@router.post(
    "/activities",
    status_code=201,
    tags=["activities"],
    summary="Open an activity (staff: for a member, with its counsellor)",
    response_model=Activity,
    responses={
        200: {"model": Activity, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "An integrator, or a member naming another member or a counsellor",
                422: "Invalid request, or activities not configured for the entity",
            }
        ),
    },
)
async def open_activity(
    body: ActivityIn,
    principal: MemberPrincipal,
    activities: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Activity:
    activity, created = await activities.open_activity(principal, body, key)
    answer_status(response, created)
    return activity


@router.get(
    "/activities",
    tags=["activities"],
    summary="Your activities (staff: the entity's, or one member's)",
    responses=problem_responses({401: "Not logged in"}),
)
async def list_activities(
    principal: CurrentPrincipal,
    activities: UseCases,
    member_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Activities:
    return await activities.queries.activities(principal, member_id)


@router.get(
    "/activities/{activity_id}",
    tags=["activities"],
    summary="One activity",
    responses=problem_responses(SEEN),
)
async def get_activity(
    activity_id: ActivityId, principal: CurrentPrincipal, activities: UseCases
) -> Activity:
    return await activities.queries.one(principal, activity_id)


@router.get(
    "/activities/{activity_id}/ledger",
    tags=["books"],
    summary="The activity's ledger: balanced movements, oldest first, a page at a time",
    responses=problem_responses({**SEEN, 422: "A cursor this ledger did not give"}),
)
async def ledger(
    activity_id: ActivityId,
    principal: CurrentPrincipal,
    activities: UseCases,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: Annotated[str | None, Query(max_length=400)] = None,
) -> Ledger:
    return await activities.queries.ledger(principal, activity_id, limit, after)


@router.get(
    "/activities/{activity_id}/ledger.csv",
    tags=["books"],
    summary="The whole ledger as CSV, one row per line (for a spreadsheet or an accountant)",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The ledger's lines"},
        **problem_responses(SEEN),
    },
)
async def ledger_csv(
    activity_id: ActivityId, principal: CurrentPrincipal, activities: UseCases
) -> Response:
    content = await activities.queries.ledger_csv(principal, activity_id)
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ledger-{activity_id}.csv"'},
    )


@router.get(
    "/activities/{activity_id}/balance",
    tags=["books"],
    summary="The activity's balance: what it received, what it spent, what is available",
    responses=problem_responses(SEEN),
)
async def activity_balance(
    activity_id: ActivityId, principal: CurrentPrincipal, activities: UseCases
) -> Balance:
    return await activities.queries.balance(principal, activity_id)


@router.get(
    "/activities/{activity_id}/statement",
    tags=["books"],
    summary="Revenue, costs and margin per month (default: the last twelve months)",
    responses=problem_responses({**SEEN, 422: "`from` after `to`, or more than 120 months"}),
)
async def statement(
    activity_id: ActivityId,
    principal: CurrentPrincipal,
    activities: UseCases,
    first: Annotated[date | None, Query(alias="from")] = None,
    last: Annotated[date | None, Query(alias="to")] = None,
) -> Statement:
    return await activities.queries.statement(principal, activity_id, first, last)


@router.get(
    "/operations/parked-events",
    tags=["operations"],
    summary="Events the books hold until their job or invoice is known, oldest first (staff)",
    responses=problem_responses({401: "Not logged in", 403: "Staff only"}),
)
async def parked_events(
    principal: StaffPrincipal,
    activities: UseCases,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> ParkedEvents:
    return await activities.queries.parked(principal, limit)
