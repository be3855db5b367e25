"""HTTP routes of the general assemblies: parse, authorise, call a use case, nothing else."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from smart_common.auth import AdminPrincipal, CurrentPrincipal, MemberPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses
from smart_governance.api import ADMIN, LOGGED_IN, Language, UseCases, pdf_response
from smart_governance.schemas import (
    Assemblies,
    Assembly,
    AssemblyIn,
    Attendance,
    AttendanceIn,
    BallotIn,
    Candidacy,
    CandidacyIn,
    Cast,
    Proxies,
    Proxy,
    ProxyIn,
    PublishedBallot,
    Results,
    VotingIn,
)

router = APIRouter(prefix="/v1/assemblies", tags=["general assemblies"])
MISSING = {404: "No such assembly"}
Receipt = Annotated[str, Path(pattern="^[0-9a-f]{64}$")]


@router.post(
    "",
    status_code=201,
    summary="Convene a general assembly (the board): agenda, roll, convocations",
    response_model=Assembly,
    responses={
        200: {"model": Assembly, "description": "The Idempotency-Key's first answer"},
        **problem_responses(
            {
                **ADMIN,
                422: "Convened later than the statutes' notice, an unknown kind of decision, "
                "no shareholder, or assemblies not configured for the entity",
                428: "No Idempotency-Key (convening sends e-mails)",
            }
        ),
    },
)
async def convene(
    body: AssemblyIn,
    principal: AdminPrincipal,
    governance: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> Assembly:
    assembly, created = await governance.convene_assembly(
        principal, body, required_key(key, "convening an assembly")
    )
    answer_status(response, created)
    return assembly


@router.get("", summary="The entity's general assemblies", responses=problem_responses(LOGGED_IN))
async def assemblies(principal: CurrentPrincipal, governance: UseCases) -> Assemblies:
    return await governance.queries.assemblies(principal)


@router.get(
    "/{assembly_id}",
    summary="A general assembly: agenda, convocations sent, vote, results",
    responses=problem_responses({**LOGGED_IN, **MISSING}),
)
async def assembly(assembly_id: str, principal: CurrentPrincipal, governance: UseCases) -> Assembly:
    return await governance.queries.assembly(principal, assembly_id)


@router.post(
    "/{assembly_id}/proxies",
    status_code=201,
    summary="Give a proxy to another shareholder (until the vote opens)",
    responses=problem_responses(
        {
            **LOGGED_IN,
            403: "A member giving someone else's proxy",
            **MISSING,
            409: "A proxy given already, the holder at the statutes' limit, or the vote open",
            422: "Not a shareholder of record, or a holder who gave their own",
        }
    ),
)
async def give_proxy(
    assembly_id: str, body: ProxyIn, principal: MemberPrincipal, governance: UseCases
) -> Proxy:
    return await governance.give_proxy(principal, assembly_id, body)


@router.get(
    "/{assembly_id}/proxies",
    summary="Proxies (staff: all; a member: those they gave or hold)",
    responses=problem_responses({**LOGGED_IN, **MISSING}),
)
async def proxies(assembly_id: str, principal: CurrentPrincipal, governance: UseCases) -> Proxies:
    return await governance.queries.proxies(principal, assembly_id)


@router.delete(
    "/{assembly_id}/proxies/{proxy_id}",
    summary="Revoke a proxy (until the vote opens)",
    responses=problem_responses(
        {**LOGGED_IN, 404: "No such proxy you gave", 409: "Revoked already, or the vote open"}
    ),
)
async def revoke_proxy(
    assembly_id: str, proxy_id: str, principal: MemberPrincipal, governance: UseCases
) -> Proxy:
    return await governance.revoke_proxy(principal, assembly_id, proxy_id)


@router.post(
    "/{assembly_id}/attendance",
    summary="Attend: on site (staff sign members in) or online (the member)",
    responses=problem_responses(
        {
            **LOGGED_IN,
            403: "Not a shareholder of record, or a member signing someone in",
            **MISSING,
            409: "The vote is closed",
        }
    ),
)
async def attend(
    assembly_id: str, body: AttendanceIn, principal: MemberPrincipal, governance: UseCases
) -> Attendance:
    return await governance.record_attendance(principal, assembly_id, body)


@router.post(
    "/{assembly_id}/candidacies",
    status_code=201,
    summary="Stand for the board in a category one holds (until the vote opens)",
    responses=problem_responses(
        {
            **LOGGED_IN,
            403: "A member standing for someone else",
            **MISSING,
            409: "The vote is open",
            422: "No such election or category, or no shares of that category",
        }
    ),
)
async def stand(
    assembly_id: str, body: CandidacyIn, principal: MemberPrincipal, governance: UseCases
) -> Candidacy:
    return await governance.stand_for_election(principal, assembly_id, body)


@router.post(
    "/{assembly_id}/vote/opening",
    summary="Open the ballot box (the board); proxies are fixed from then on",
    responses=problem_responses(
        {**ADMIN, **MISSING, 409: "Opened already", 422: "closes_at in the past"}
    ),
)
async def open_vote(
    assembly_id: str, body: VotingIn, principal: AdminPrincipal, governance: UseCases
) -> Assembly:
    return await governance.open_vote(principal, assembly_id, body)


@router.post(
    "/{assembly_id}/ballots",
    status_code=201,
    summary="Vote (for oneself or a principal): one final ballot per item, a receipt for each",
    responses=problem_responses(
        {
            **LOGGED_IN,
            403: "Not a shareholder of record, or no proxy of that principal",
            **MISSING,
            409: "The ballot box is not open or closed, a ballot cast already, or a proxy given",
            422: "An item not put to the vote, or a choice it does not take",
        }
    ),
)
async def cast(
    assembly_id: str, body: BallotIn, principal: MemberPrincipal, governance: UseCases
) -> Cast:
    return await governance.cast_ballot(principal, assembly_id, body)


@router.post(
    "/{assembly_id}/vote/closing",
    summary="Close the ballot box and tally (the board); publishes assembly.vote_closed",
    responses=problem_responses({**ADMIN, **MISSING, 409: "The vote is not open"}),
)
async def close_vote(assembly_id: str, principal: AdminPrincipal, governance: UseCases) -> Assembly:
    return await governance.close_vote(principal, assembly_id)


@router.get(
    "/{assembly_id}/results",
    summary="After closing: the tally and every ballot with its receipt (recount it)",
    responses=problem_responses({**LOGGED_IN, **MISSING, 409: "The vote is not closed"}),
)
async def results(assembly_id: str, principal: CurrentPrincipal, governance: UseCases) -> Results:
    return await governance.queries.results(principal, assembly_id)


@router.get(
    "/{assembly_id}/ballots/{receipt}",
    summary="After closing: the ballot a receipt names (a voter checks theirs was counted)",
    responses=problem_responses(
        {**LOGGED_IN, 404: "No such assembly or receipt", 409: "The vote is not closed"}
    ),
)
async def ballot(
    assembly_id: str, receipt: Receipt, principal: CurrentPrincipal, governance: UseCases
) -> PublishedBallot:
    return await governance.queries.ballot(principal, assembly_id, receipt)


@router.get(
    "/{assembly_id}/minutes",
    summary="The minutes as PDF: attendance, quorum, each item with its result",
    response_class=Response,
    responses={
        **pdf_response("No such assembly"),
        **problem_responses({409: "The vote is not closed"}),
    },
)
async def minutes(
    assembly_id: str, principal: CurrentPrincipal, governance: UseCases, language: Language = "fr"
) -> Response:
    content = await governance.queries.minutes(principal, assembly_id, language)
    return Response(content, media_type="application/pdf")
