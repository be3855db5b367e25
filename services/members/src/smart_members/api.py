"""HTTP routes of the members service: parse, authorise, call a use case, nothing else."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from smart_common.auth import AdminPrincipal, CurrentPrincipal, Role, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status
from smart_common.json_types import IsoDate
from smart_common.problems import Forbidden, problem_responses
from smart_members.adapters.client_address import client_address
from smart_members.bus import Members
from smart_members.domain.jobs import JobStatus
from smart_members.schemas import (
    Accepted,
    AccessToken,
    ActivityIn,
    CancellationIn,
    Client,
    ClientIn,
    ContractTypesInForce,
    CounsellorAssignmentIn,
    EmailVerificationIn,
    GrantableRole,
    Job,
    JobIn,
    Jwks,
    LongContractIn,
    Member,
    MemberRegistration,
    PasswordChangeIn,
    PasswordResetIn,
    PasswordResetRequestIn,
    ProfileIn,
    RefreshIn,
    ReviewIn,
    RoleGrantIn,
    StaffChange,
    StaffMember,
    UndeliveredMail,
)
from smart_members.watchdog import SagaWatchdog, StalledJob


def members_of(request: Request) -> Members:
    return request.app.state.container


def watchdog_of(request: Request) -> SagaWatchdog:
    return request.app.state.watchdog


UseCases = Annotated[Members, Depends(members_of)]
Watchdog = Annotated[SagaWatchdog, Depends(watchdog_of)]
router = APIRouter(prefix="/v1")
well_known = APIRouter(prefix="/.well-known")


VALIDATION = {422: "The request breaks a rule: the detail names the field and the rule"}
LOGGED_IN = {401: "Not logged in (or the token expired)"}
STAFF_ONLY = {**LOGGED_IN, 403: "Counsellors and administrators only"}
REPLAY = {422: "Invalid, or this Idempotency-Key was used with another request body"}


@router.get(
    "/operations/stalled-jobs",
    tags=["operations"],
    summary="Jobs whose saga has not moved within its step's threshold (staff)",
    responses=problem_responses({**LOGGED_IN, 403: "Staff only"}),
)
async def stalled_jobs(watchdog: Watchdog, principal: StaffPrincipal) -> list[StalledJob]:
    return await watchdog.stalled()


@router.get(
    "/contract-types",
    tags=["jobs"],
    summary="The contract types a job may be declared under on a day (default: today)",
    responses=problem_responses(
        {**VALIDATION, 503: "Payroll has not published its terms yet: retry shortly"}
    ),
)
async def contract_types(members: UseCases, on: IsoDate | None = None) -> ContractTypesInForce:
    return await members.queries.contract_types(on)


@router.get(
    "/operations/undelivered-mail",
    tags=["operations"],
    summary="Account e-mails that could not be sent after their last attempt (staff)",
    responses=problem_responses({**LOGGED_IN, 403: "Staff only"}),
)
async def undelivered_mail(principal: StaffPrincipal, members: UseCases) -> list[UndeliveredMail]:
    return await members.queries.undelivered_mail()


@router.post(
    "/members",
    status_code=201,
    tags=["members"],
    summary="Register as a member",
    responses=problem_responses({409: "A member is already registered with this e-mail"} | REPLAY),
)
async def register(
    body: MemberRegistration, members: UseCases, response: Response, key: IdempotencyKey = None
) -> Member:
    member, created = await members.register_member(body, key)
    answer_status(response, created)
    return member


@router.post(
    "/auth/token",
    tags=["members"],
    summary="Log in (OAuth2 password form)",
    responses=problem_responses(
        {
            401: "Unknown e-mail or wrong password",
            429: "Too many failed logins for this account or address: see Retry-After",
        }
    ),
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], members: UseCases, request: Request
) -> AccessToken:
    address = client_address(request, request.app.state.runtime.settings.trusted_proxies)
    return await members.log_in(form.username, form.password, address)


@router.post(
    "/auth/refresh",
    tags=["members"],
    summary="Exchange a refresh token for a new access token and refresh token (single use)",
    responses=problem_responses(
        {401: "Unknown, expired, revoked or reused (then every token of the login is revoked)"}
    ),
)
async def refresh(body: RefreshIn, members: UseCases) -> AccessToken:
    return await members.refresh_session(body.refresh_token)


@router.post(
    "/auth/logout",
    status_code=204,
    tags=["members"],
    summary="Log out: the login's refresh tokens are revoked",
    responses=problem_responses(VALIDATION),
)
async def logout(body: RefreshIn, members: UseCases) -> None:
    await members.log_out(body.refresh_token)


@router.get(
    "/members/email-verification",
    tags=["members"],
    summary="Confirm an e-mail address (the link of the verification e-mail)",
    responses=problem_responses({422: "Not one of our links, expired, or superseded"}),
)
async def verify_email_link(
    members: UseCases, token: Annotated[str, Query(min_length=16, max_length=400)]
) -> Member:
    return await members.verify_email(token)


@router.post(
    "/members/email-verification",
    tags=["members"],
    summary="Confirm an e-mail address with the token of the verification e-mail",
    responses=problem_responses({422: "Not one of our links, expired, or superseded"}),
)
async def verify_email(body: EmailVerificationIn, members: UseCases) -> Member:
    return await members.verify_email(body.token)


@router.post(
    "/members/me/email-verification",
    status_code=202,
    tags=["members"],
    summary="Send the verification e-mail again",
    responses=problem_responses(
        {**LOGGED_IN, 409: "Already verified", 429: "Sent several times this hour already"}
    ),
)
async def resend_verification(principal: CurrentPrincipal, members: UseCases) -> Accepted:
    await members.resend_verification(principal.subject)
    return Accepted(detail="a new verification e-mail is on its way")


@router.post(
    "/members/me/password",
    status_code=204,
    tags=["members"],
    summary="Change my password (the current one asked again; my other logins end)",
    responses=problem_responses({401: "Not logged in, or not the current password", **VALIDATION}),
)
async def change_password(
    body: PasswordChangeIn, principal: CurrentPrincipal, members: UseCases
) -> None:
    await members.change_password(principal.subject, body.current_password, body.new_password)


@router.post(
    "/auth/password-reset",
    status_code=202,
    tags=["members"],
    summary="Ask for a password reset link (the same answer whether the address is known)",
    responses=problem_responses(VALIDATION),
)
async def request_password_reset(body: PasswordResetRequestIn, members: UseCases) -> Accepted:
    await members.request_password_reset(body.email)
    return Accepted(detail="if an account has this address, a reset link is on its way")


@router.post(
    "/auth/password-reset/confirmation",
    status_code=204,
    tags=["members"],
    summary="Choose a new password with the reset link's token (once; every login ends)",
    responses=problem_responses({422: "Invalid, expired or used link, or a weak password"}),
)
async def reset_password(body: PasswordResetIn, members: UseCases) -> None:
    await members.reset_password(body.token, body.new_password)


@router.get(
    "/members/me", tags=["members"], summary="Who I am", responses=problem_responses(LOGGED_IN)
)
async def me(principal: CurrentPrincipal, members: UseCases) -> Member:
    return await members.queries.member(principal.subject)


@router.get(
    "/members/{member_id}",
    tags=["members"],
    summary="A member (yourself; staff: a member of their entity)",
    responses=problem_responses({**LOGGED_IN, 404: "No such member you may see"}),
)
async def member(member_id: str, principal: CurrentPrincipal, members: UseCases) -> Member:
    return await members.queries.member_seen_by(principal, member_id)


def _member_only(principal: CurrentPrincipal) -> str:
    if Role.MEMBER not in principal.roles:
        raise Forbidden("only members declare clients and jobs")
    return principal.subject


MemberId = Annotated[str, Depends(_member_only)]
MEMBERS_ONLY = {**LOGGED_IN, 403: "Only members declare clients and jobs"}


@router.post(
    "/clients",
    status_code=201,
    tags=["clients"],
    summary="Add a client",
    responses=problem_responses(MEMBERS_ONLY | REPLAY),
)
async def add_client(
    body: ClientIn,
    member_id: MemberId,
    members: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Client:
    client, created = await members.add_client(member_id, body, key)
    answer_status(response, created)
    return client


@router.get(
    "/clients",
    tags=["clients"],
    summary="Your clients",
    responses=problem_responses(MEMBERS_ONLY),
)
async def list_clients(member_id: MemberId, members: UseCases) -> list[Client]:
    return await members.queries.clients(member_id)


@router.get(
    "/clients/{client_id}",
    tags=["clients"],
    summary="A client of yours (staff: of the entity)",
    responses=problem_responses({**LOGGED_IN, 404: "No such client you may see"}),
)
async def get_client(client_id: str, principal: CurrentPrincipal, members: UseCases) -> Client:
    return await members.queries.client(principal, client_id)


@router.post(
    "/jobs",
    status_code=201,
    tags=["jobs"],
    summary="Declare a job: contract, Dimona, invoice, follow-up, salary and declaration follow",
    responses=problem_responses({**MEMBERS_ONLY, 404: "No such member"} | REPLAY),
)
async def declare_job(
    body: JobIn,
    member_id: MemberId,
    members: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Job:
    job, created = await members.declare_job(member_id, body, key)
    answer_status(response, created)
    response.headers["Location"] = f"/v1/jobs/{job.job_id}"
    return job


@router.post(
    "/long-contracts",
    status_code=201,
    tags=["jobs"],
    summary="Declare a long contract: a monthly salary smoothed from the activity's forecast",
    responses=problem_responses({**MEMBERS_ONLY, 404: "No such member"} | REPLAY),
)
async def declare_long_contract(
    body: LongContractIn,
    member_id: MemberId,
    members: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Job:
    contract, created = await members.declare_long_contract(member_id, body, key)
    answer_status(response, created)
    response.headers["Location"] = f"/v1/jobs/{contract.job_id}"
    return contract


@router.get(
    "/jobs",
    tags=["jobs"],
    summary="Your jobs (staff: the entity's; status=awaiting_review: jobs held for review)",
    responses=problem_responses(LOGGED_IN),
)
async def list_jobs(
    principal: CurrentPrincipal,
    members: UseCases,
    limit: int = 50,
    status: Annotated[JobStatus | None, Query()] = None,
) -> list[Job]:
    return await members.queries.jobs(principal, limit, status.value if status else None)


@router.post(
    "/jobs/{job_id}/review",
    tags=["jobs"],
    summary="Validate (the saga starts) or reject a job held for review (a new member's first, "
    "or one above the entity's threshold)",
    responses=problem_responses(
        {**STAFF_ONLY, 404: "No such job in your entity", 409: "No review awaited", **VALIDATION}
    ),
)
async def review_first_job(
    job_id: str, body: ReviewIn, principal: StaffPrincipal, members: UseCases
) -> Job:
    return await members.review_first_job(principal, job_id, body.approve, body.reason)


@router.get(
    "/jobs/{job_id}",
    tags=["jobs"],
    summary="A job with its status and timeline",
    responses=problem_responses({**LOGGED_IN, 404: "No such job you may see"}),
)
async def get_job(job_id: str, principal: CurrentPrincipal, members: UseCases) -> Job:
    return await members.queries.job(principal, job_id)


@router.put(
    "/members/{member_id}/activity",
    tags=["members"],
    summary="Name the member's activity and logo (staff: flag a recognised training body)",
    responses=problem_responses(
        {**LOGGED_IN, 403: "Only staff flag a recognised training body", 404: "No such member"}
        | VALIDATION
    ),
)
async def set_activity(
    member_id: str, body: ActivityIn, principal: CurrentPrincipal, members: UseCases
) -> Member:
    return await members.set_activity(principal, member_id, body)


@router.post(
    "/jobs/{job_id}/cancellation",
    tags=["jobs"],
    summary="Cancel a job before its start: a credit note and the receivable's adjustment follow",
    responses=problem_responses(
        {**LOGGED_IN, 404: "No such job you may see", 409: "The job has started"}
    ),
)
async def cancel_job(
    job_id: str, body: CancellationIn, principal: CurrentPrincipal, members: UseCases
) -> Job:
    return await members.cancel_job(principal, job_id, body)


@router.patch(
    "/members/{member_id}/profile",
    tags=["members"],
    summary="Correct the postal address or the tax situation (withholding tax depends on it)",
    responses=problem_responses({**LOGGED_IN, 404: "No such member"} | VALIDATION),
)
async def update_profile(
    member_id: str, body: ProfileIn, principal: CurrentPrincipal, members: UseCases
) -> Member:
    return await members.update_profile(principal, member_id, body)


ADMINS = {**LOGGED_IN, 403: "Administrators of the entity only"}


@router.get(
    "/staff",
    tags=["staff"],
    summary="The entity's counsellors, administrators and integrators",
    responses=problem_responses(ADMINS),
)
async def staff(principal: AdminPrincipal, members: UseCases) -> list[StaffMember]:
    return await members.queries.staff(principal)


@router.post(
    "/staff",
    tags=["staff"],
    summary="Give someone of the entity a role (effective from their next login; audited)",
    responses=problem_responses({**ADMINS, 404: "No such member in the entity", **VALIDATION}),
)
async def grant_role(
    body: RoleGrantIn, principal: AdminPrincipal, members: UseCases
) -> StaffMember:
    return await members.grant_role(principal, body.member_id, body.role)


@router.delete(
    "/staff/{member_id}/roles/{role}",
    tags=["staff"],
    summary="Withdraw a role (audited); the entity keeps at least one administrator",
    responses=problem_responses(
        {**ADMINS, 404: "No such member in the entity", 409: "The last administrator"}
    ),
)
async def withdraw_role(
    member_id: str, role: GrantableRole, principal: AdminPrincipal, members: UseCases
) -> StaffMember:
    return await members.withdraw_role(principal, member_id, role)


@router.get(
    "/staff/audit",
    tags=["staff"],
    summary="Who changed whose roles or counsellor, and when (newest first)",
    responses=problem_responses(ADMINS),
)
async def staff_audit(
    principal: AdminPrincipal, members: UseCases, limit: int = 100
) -> list[StaffChange]:
    return await members.queries.staff_audit(principal, limit)


@router.put(
    "/members/{member_id}/counsellor",
    tags=["staff"],
    summary="Assign a member their counsellor (audited)",
    responses=problem_responses(
        {**ADMINS, 404: "No such member in the entity", 422: "Not a counsellor of the entity"}
    ),
)
async def assign_counsellor(
    member_id: str, body: CounsellorAssignmentIn, principal: AdminPrincipal, members: UseCases
) -> Member:
    return await members.assign_counsellor(principal, member_id, body.counsellor_id)


@well_known.get(
    "/jwks.json",
    tags=["members"],
    summary="The public keys every service verifies access tokens with (cache them)",
)
async def jwks(request: Request, response: Response) -> Jwks:
    response.headers["Cache-Control"] = "public, max-age=300"
    return Jwks.model_validate(request.app.state.token_codec.jwks())
