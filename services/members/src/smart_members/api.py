"""HTTP routes of the members service: parse, authorise, call a handler, nothing else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from smart_common.auth import CurrentPrincipal, Role, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status
from smart_common.problems import Forbidden, NotFound
from smart_members.domain.long_contracts import LongContractIn
from smart_members.handlers import (
    ActivityIn,
    CancellationIn,
    ClientIn,
    JobIn,
    MemberRegistration,
    MembersHandlers,
    ProfileIn,
)
from smart_members.watchdog import SagaWatchdog, StalledJob


def handlers_of(request: Request) -> MembersHandlers:
    return request.app.state.container


def watchdog_of(request: Request) -> SagaWatchdog:
    return request.app.state.watchdog


Handlers = Annotated[MembersHandlers, Depends(handlers_of)]
Watchdog = Annotated[SagaWatchdog, Depends(watchdog_of)]
router = APIRouter(prefix="/v1")


@router.get(
    "/operations/stalled-jobs",
    tags=["operations"],
    summary="Jobs whose saga has not moved within its step's threshold (staff)",
    responses={403: {"description": "Staff only"}},
)
async def stalled_jobs(watchdog: Watchdog, principal: StaffPrincipal) -> list[StalledJob]:
    return await watchdog.stalled()


@router.post("/members", status_code=201, tags=["members"], summary="Register as a member")
async def register(
    body: MemberRegistration, handlers: Handlers, response: Response, key: IdempotencyKey = None
) -> dict[str, Any]:
    member, created = await handlers.register_member(body, key)
    answer_status(response, created)
    return member


@router.post("/auth/token", tags=["members"], summary="Log in (OAuth2 password form)")
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], handlers: Handlers
) -> dict[str, Any]:
    return await handlers.issue_token(form.username, form.password)


@router.get("/members/me", tags=["members"])
async def me(principal: CurrentPrincipal, handlers: Handlers) -> dict[str, Any]:
    return await handlers.member(principal.subject)


@router.get("/members/{member_id}", tags=["members"])
async def member(member_id: str, principal: CurrentPrincipal, handlers: Handlers) -> dict[str, Any]:
    found = await handlers.member(member_id)
    if not principal.may_see(owner_id=member_id, entity=found["entity"]):
        raise NotFound("no such member")
    return found


def _member_only(principal: CurrentPrincipal) -> str:
    if Role.MEMBER not in principal.roles:
        raise Forbidden("only members declare clients and jobs")
    return principal.subject


MemberId = Annotated[str, Depends(_member_only)]


@router.post("/clients", status_code=201, tags=["clients"], summary="Add a client")
async def add_client(
    body: ClientIn,
    member_id: MemberId,
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    client, created = await handlers.add_client(member_id, body, key)
    answer_status(response, created)
    return client


@router.get("/clients", tags=["clients"], summary="Your clients")
async def list_clients(member_id: MemberId, handlers: Handlers) -> list[dict[str, Any]]:
    return await handlers.clients(member_id)


@router.get("/clients/{client_id}", tags=["clients"])
async def get_client(
    client_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.client(principal, client_id)


@router.post(
    "/jobs",
    status_code=201,
    tags=["jobs"],
    summary="Declare a job: contract, Dimona, invoice, follow-up, salary and declaration follow",
)
async def declare_job(
    body: JobIn,
    member_id: MemberId,
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    job, created = await handlers.declare_job(member_id, body, key)
    answer_status(response, created)
    response.headers["Location"] = f"/v1/jobs/{job['job_id']}"
    return job


@router.post(
    "/long-contracts",
    status_code=201,
    tags=["jobs"],
    summary="Declare a long contract: a monthly salary smoothed from the activity's forecast",
)
async def declare_long_contract(
    body: LongContractIn,
    member_id: MemberId,
    handlers: Handlers,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    contract, created = await handlers.declare_long_contract(member_id, body, key)
    answer_status(response, created)
    response.headers["Location"] = f"/v1/jobs/{contract['job_id']}"
    return contract


@router.get("/jobs", tags=["jobs"], summary="Your jobs (staff: the entity's), newest first")
async def list_jobs(
    principal: CurrentPrincipal, handlers: Handlers, limit: int = 50
) -> list[dict[str, Any]]:
    return await handlers.jobs(principal, limit)


@router.get("/jobs/{job_id}", tags=["jobs"], summary="A job with its status and timeline")
async def get_job(job_id: str, principal: CurrentPrincipal, handlers: Handlers) -> dict[str, Any]:
    return await handlers.job(principal, job_id)


@router.put(
    "/members/{member_id}/activity",
    tags=["members"],
    summary="Name the member's activity and logo (staff: flag a recognised training body)",
)
async def set_activity(
    member_id: str, body: ActivityIn, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.set_activity(principal, member_id, body)


@router.post(
    "/jobs/{job_id}/cancellation",
    tags=["jobs"],
    summary="Cancel a job before its start: a credit note and the receivable's adjustment follow",
)
async def cancel_job(
    job_id: str, body: CancellationIn, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.cancel_job(principal, job_id, body)


@router.patch(
    "/members/{member_id}/profile",
    tags=["members"],
    summary="Correct the postal address or the tax situation (withholding tax depends on it)",
)
async def update_profile(
    member_id: str, body: ProfileIn, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.update_profile(principal, member_id, body)
