"""The staff operations API every service serves: its dead letters, replayed or discarded, and
who read a member's personal data here.

``GET /v1/operations/dead-letters`` lists what the service's consumers set aside;
``POST …/{id}/replay`` runs the record's handler again once the cause is fixed;
``POST …/{id}/discard`` closes it with a reason. Who resolved what, and when, is recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from smart_common.auth import AdminPrincipal, StaffPrincipal
from smart_common.dead_letters import COLLECTION
from smart_common.messaging import UndecodableRecord
from smart_common.persistence import Document, Transaction
from smart_common.problems import Conflict, NotFound, Unprocessable, problem_responses
from smart_common.runtime import ServiceRuntime
from smart_common.text import PlainText

type Status = Literal["open", "replayed", "discarded"]


class Resolution(BaseModel):
    by: str
    at: datetime
    reason: str


class DeadLetter(BaseModel):
    dead_letter_id: str
    status: Status
    consumer: str
    type: str | None = Field(description="The event type, when the record could be read")
    subject: str | None = Field(description="The aggregate the event is about (job, invoice…)")
    event_id: str | None
    topic: str
    partition: int
    offset: int
    reason: str = Field(description="Why the consumer could not handle it (last failure)")
    times: int = Field(description="How many times it was set aside")
    first_at: datetime
    last_at: datetime
    replayed_at: datetime | None = None
    resolution: Resolution | None = None


class Discard(BaseModel):
    reason: PlainText = Field(min_length=3, max_length=1000)


class ReplayOutcome(BaseModel):
    dead_letter: DeadLetter
    had_effect: bool = Field(description="False when the event had been handled already")


def _runtime(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


Runtime = Annotated[ServiceRuntime, Depends(_runtime)]

router = APIRouter(prefix="/v1/operations", tags=["operations"])
STAFF_ONLY = {401: "Not logged in", 403: "Staff only"}
PROBLEMS = problem_responses({**STAFF_ONLY, 404: "No such dead letter"})


class PersonalDataRead(BaseModel):
    member_id: str = Field(description="Whose personal data was read")
    reader: str = Field(description="Who read it (a member id)")
    reader_roles: list[str]
    what: str = Field(description="What was read: the route and the document")
    service: str
    at: datetime


@router.get(
    "/personal-data-reads",
    summary="Who read a member's personal data in this service, newest first "
    "(administrators: the data-protection officer's log)",
    responses=problem_responses({401: "Not logged in", 403: "Administrators only"}),
)
async def personal_data_reads(
    runtime: Runtime,
    principal: AdminPrincipal,
    member_id: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[PersonalDataRead]:
    found = await runtime.personal_data_reads.of_member(member_id, limit)
    return [PersonalDataRead.model_validate(stored) for stored in found]


def _public(stored: Document) -> DeadLetter:
    return DeadLetter.model_validate({"dead_letter_id": stored["_id"], **stored})


async def _stored(runtime: ServiceRuntime, dead_letter_id: str) -> Document:
    stored = await runtime.uow.find_one(COLLECTION, {"_id": dead_letter_id})
    if stored is None:
        raise NotFound(f"no dead letter {dead_letter_id}")
    return stored


@router.get(
    "/dead-letters",
    summary="What this service's consumers set aside",
    responses=problem_responses(STAFF_ONLY),
)
async def dead_letters(
    runtime: Runtime,
    principal: StaffPrincipal,
    status: Annotated[Status | None, Query(description="open, replayed or discarded")] = "open",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeadLetter]:
    query = {} if status is None else {"status": status}
    found = await runtime.uow.find(COLLECTION, query, sort=[("last_at", -1)], limit=limit)
    return [_public(stored) for stored in found]


@router.get("/dead-letters/{dead_letter_id}", summary="One dead letter", responses=PROBLEMS)
async def dead_letter(
    dead_letter_id: str, runtime: Runtime, principal: StaffPrincipal
) -> DeadLetter:
    return _public(await _stored(runtime, dead_letter_id))


@router.post(
    "/dead-letters/{dead_letter_id}/replay",
    summary="Run the record's handler again, after the cause was fixed",
    responses=problem_responses(
        {
            **STAFF_ONLY,
            404: "No such dead letter",
            409: "Not open, or the handler failed again (it stays open)",
            422: "The record still cannot be read",
        }
    ),
)
async def replay(dead_letter_id: str, runtime: Runtime, principal: StaffPrincipal) -> ReplayOutcome:
    stored = await _stored(runtime, dead_letter_id)
    if stored["status"] != "open":
        raise Conflict(f"the dead letter is {stored['status']}, not open")
    consumer = next((c for c in runtime.consumers if c.name == stored["consumer"]), None)
    if consumer is None:
        raise Conflict(f"no consumer {stored['consumer']} runs in this process")
    try:
        had_effect = await consumer.replay(stored)
    except UndecodableRecord as error:
        raise Unprocessable(f"the record still cannot be handled: {error}") from error
    except Exception as error:
        raise Conflict(
            f"the replay failed again ({type(error).__name__}: {error}); it stays open"
        ) from error
    return ReplayOutcome(
        dead_letter=_public(await _stored(runtime, dead_letter_id)), had_effect=had_effect
    )


@router.post(
    "/dead-letters/{dead_letter_id}/discard",
    summary="Close a dead letter without handling it, with the reason",
    responses=problem_responses({**STAFF_ONLY, 404: "No such dead letter", 409: "Not open"}),
)
async def discard(
    dead_letter_id: str, body: Discard, runtime: Runtime, principal: StaffPrincipal
) -> DeadLetter:
    async def close(tx: Transaction) -> bool:
        changed = await tx.collection(COLLECTION).update_one(
            {"_id": dead_letter_id, "status": "open"},
            {
                "$set": {
                    "status": "discarded",
                    "resolution": {
                        "by": principal.subject,
                        "at": tx.clock.now(),
                        "reason": body.reason,
                    },
                }
            },
        )
        return changed == 1

    stored = await _stored(runtime, dead_letter_id)
    if not await runtime.uow.run(close):
        raise Conflict(f"the dead letter is {stored['status']}, not open")
    return _public(await _stored(runtime, dead_letter_id))
