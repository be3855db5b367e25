"""HTTP routes of salary requests (an activity in budget mode pays its member's salary)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from smart_activities.api import ActivityId, UseCases
from smart_activities.schemas import SalaryRequest, SalaryRequestIn, SalaryRequests
from smart_common.auth import CurrentPrincipal, MemberPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status
from smart_common.problems import problem_responses

router = APIRouter(prefix="/v1")
SalaryRequestId = Annotated[str, Path(max_length=64)]


@router.post(
    "/activities/{activity_id}/salary-requests",
    status_code=201,
    tags=["salary requests"],
    summary="Ask for a salary from the activity's budget: payroll generates its contract, "
    "hiring declaration and payslip (a rule hit waits for the counsellor first)",
    response_model=SalaryRequest,
    responses={
        200: {"model": SalaryRequest, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                401: "Not logged in",
                403: "Not a member",
                404: "No such activity (or not yours)",
                422: "More than the budget has (the detail gives the figures), a period that "
                "has begun, an activity in contract mode, or not configured",
            }
        ),
    },
)
async def request_salary(
    activity_id: ActivityId,
    body: SalaryRequestIn,
    principal: MemberPrincipal,
    activities: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> SalaryRequest:
    request, created = await activities.request_salary(principal, activity_id, body, key)
    answer_status(response, created)
    return request


@router.get(
    "/activities/{activity_id}/salary-requests",
    tags=["salary requests"],
    summary="The activity's salary requests, oldest first",
    responses=problem_responses({401: "Not logged in", 404: "No such activity (or not yours)"}),
)
async def salary_requests(
    activity_id: ActivityId, principal: CurrentPrincipal, activities: UseCases
) -> SalaryRequests:
    return await activities.queries.salary_requests(principal, activity_id)


@router.get(
    "/salary-requests/{salary_request_id}",
    tags=["salary requests"],
    summary="One salary request",
    responses=problem_responses(
        {401: "Not logged in", 404: "No such salary request (or not yours)"}
    ),
)
async def salary_request(
    salary_request_id: SalaryRequestId, principal: CurrentPrincipal, activities: UseCases
) -> SalaryRequest:
    return await activities.queries.salary_request(principal, salary_request_id)
