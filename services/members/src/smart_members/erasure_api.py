"""Routes of a member's erasure (GDPR art. 17) and the staff's view of erasures; parse,
authorise, call the use case, nothing else."""

from __future__ import annotations

from fastapi import APIRouter

from smart_common.auth import CurrentPrincipal, StaffPrincipal
from smart_common.problems import problem_responses
from smart_members.api import LOGGED_IN, UseCases
from smart_members.schemas import Erasure, ErasureIn

router = APIRouter(prefix="/v1")


@router.post(
    "/members/me/erasure",
    status_code=202,
    tags=["privacy"],
    summary="Close my account and erase me: what the law requires the cooperative to keep "
    "(accounting, payroll, the share register) is kept for its period, then pseudonymised; "
    "the rest goes now",
    responses=problem_responses(
        {
            **LOGGED_IN,
            401: "Not my password",
            409: "A job of mine is still under way (the detail names them)",
            422: "Erasure is not configured for my entity (no retention rules in its pack)",
        }
    ),
)
async def erase_me(body: ErasureIn, principal: CurrentPrincipal, members: UseCases) -> Erasure:
    return Erasure.of(await members.erase_member(principal.subject, body.password))


@router.get(
    "/operations/erasures",
    tags=["operations"],
    summary="The entity's latest erasures, each service's report: what it pseudonymised, what "
    "it keeps until when and under which rule (staff)",
    responses=problem_responses({**LOGGED_IN, 403: "Staff only"}),
)
async def erasures(principal: StaffPrincipal, members: UseCases) -> list[Erasure]:
    return await members.queries.erasures()
