"""Routes of a member's data export (GDPR art. 15 and 20) and the staff's view of those
stalled; parse, authorise, call the use case, nothing else."""

from __future__ import annotations

from fastapi import APIRouter, Response

from smart_common.auth import CurrentPrincipal, StaffPrincipal
from smart_common.problems import problem_responses
from smart_members.api import LOGGED_IN, UseCases
from smart_members.schemas import DataExport

router = APIRouter(prefix="/v1")


@router.post(
    "/members/me/data-export",
    status_code=202,
    tags=["privacy"],
    summary="Ask for all the suite holds about me: every service adds its part, then I am "
    "told by e-mail that a ZIP waits for one download",
    responses=problem_responses(
        {
            **LOGGED_IN,
            409: "An export of mine is still assembling or waiting for its download",
            429: "Several exports asked for in 24 hours already",
        }
    ),
)
async def request_data_export(principal: CurrentPrincipal, members: UseCases) -> DataExport:
    return DataExport.of(await members.request_data_export(principal.subject))


@router.get(
    "/members/me/data-exports/{export_id}",
    tags=["privacy"],
    summary="Where my data export stands (the parts received)",
    responses=problem_responses({**LOGGED_IN, 404: "No such export of mine"}),
)
async def data_export(export_id: str, principal: CurrentPrincipal, members: UseCases) -> DataExport:
    return await members.queries.data_export(principal.subject, export_id)


@router.get(
    "/members/me/data-exports/{export_id}/archive",
    tags=["privacy"],
    summary="Download my data export, once: a ZIP of every service's records and documents",
    responses={
        200: {"content": {"application/zip": {}}, "description": "The ZIP"},
        **problem_responses(
            {
                **LOGGED_IN,
                404: "No such export of mine",
                409: "Still assembling (the detail names the services awaited)",
                410: "Downloaded already, or expired: ask for a new one",
            }
        ),
    },
    response_class=Response,
)
async def data_export_archive(
    export_id: str, principal: CurrentPrincipal, members: UseCases
) -> Response:
    archive = await members.download_data_export(principal.subject, export_id)
    return Response(
        archive,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="data-export-{export_id}.zip"',
            "Cache-Control": "no-store",
        },
    )


@router.get(
    "/operations/stalled-data-exports",
    tags=["operations"],
    summary="Data exports still missing a service's part long after the request (staff)",
    responses=problem_responses({**LOGGED_IN, 403: "Staff only"}),
)
async def stalled_data_exports(principal: StaffPrincipal, members: UseCases) -> list[DataExport]:
    return [DataExport.of(found) for found in await members.data_export_upkeep.stalled()]
