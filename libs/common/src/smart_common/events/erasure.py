"""A member's erasure (GDPR art. 17), carried out by a saga.

Members closes the account, drops what it alone holds and raises ``MemberErasureRequested``;
every service holding data about the member applies its retention rules (the entity's rule
pack: what accounting, payroll and social law require to keep, and how long) and answers with
an ``ErasureReport`` (one event type per service): how many records it pseudonymised at once,
how many it keeps until when and under which rule. What is kept is pseudonymised by the
service's sweep the day its period ends.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from smart_common.events.envelope import EventData


class MemberErasureRequested(EventData):
    event_type = "coop.smart.members.erasure.requested.v1"
    stream = "members.erasure"
    erasure_id: str
    member_id: str
    entity: str
    requested_on: date = Field(description="The retention periods are those in force that day")


class Retained(BaseModel):
    """Records a service keeps under one rule, until the latest of their periods."""

    rule: str
    records: int = Field(ge=0)
    until: date | None = Field(description="None: kept as long as the cooperative exists")
    source: str
    verified: bool


class ErasureReport(EventData):
    erasure_id: str
    member_id: str
    service: str
    pseudonymised: int = Field(ge=0, description="Records whose personal fields are gone now")
    retained: list[Retained] = Field(default_factory=list)
