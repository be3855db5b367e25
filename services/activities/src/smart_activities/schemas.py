"""HTTP request and response models of the activities service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from smart_common.events.activities import ActivityMode

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class ActivityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    mode: ActivityMode = ActivityMode.CONTRACT
    member_id: Id | None = Field(
        default=None, description="Staff only: the member the activity is opened for"
    )
    counsellor_id: Id | None = Field(
        default=None, description="Staff only: the counsellor following the activity"
    )


class Activity(BaseModel):
    activity_id: str
    member_id: str
    entity: str
    name: str
    mode: ActivityMode
    counsellor_id: str | None
    currency: str
    opened_on: date
    opened_by_first_job: bool = Field(
        description="True when the member's first job opened it (in contract mode)"
    )


class Activities(BaseModel):
    items: list[Activity]


class LedgerLine(BaseModel):
    account: str
    debit: str
    credit: str


class LedgerMovement(BaseModel):
    movement_id: str
    date: date
    kind: str
    label: str
    lines: list[LedgerLine]
    source_event_type: str
    recorded_at: datetime


class Ledger(BaseModel):
    activity_id: str
    currency: str
    items: list[LedgerMovement]
    next: str | None = Field(description="Pass as `after` for the next page; null on the last page")


class Balance(BaseModel):
    activity_id: str
    currency: str
    invoiced: str = Field(description="Invoiced, VAT excluded, less credit notes")
    receivable: str = Field(description="What clients still owe, VAT included")
    received: str = Field(description="What clients paid, VAT excluded")
    contribution: str = Field(description="The cooperative's contribution on what was received")
    salaries: str = Field(description="Employer cost of the payslips")
    expenses: str = Field(description="Expenses reimbursed")
    repayments_due: str = Field(description="Financing instalments due and unpaid")
    available: str = Field(
        description="received − contribution − salaries − expenses − repayments due"
    )
    movements: int


class StatementMonth(BaseModel):
    month: str = Field(description="YYYY-MM")
    revenue: str
    costs: str
    margin: str


class Statement(BaseModel):
    activity_id: str
    currency: str
    from_month: str
    to_month: str
    months: list[StatementMonth]
