"""Events published by the activities service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import EventData
from smart_common.events.erasure import ErasureReport
from smart_common.money import Amount


class ActivityMode(StrEnum):
    """How an activity's revenue becomes salary: at once per job (``contract``), or kept in
    the activity's budget until the member asks for a salary (``budget``)."""

    CONTRACT = "contract"
    BUDGET = "budget"


class ActivityOpened(EventData):
    """A member runs a new activity (their first may be opened for them by their first job)."""

    event_type = "coop.smart.activities.activity.opened.v1"
    stream = "activities.activity"
    activity_id: str
    member_id: str
    entity: str
    name: str
    mode: ActivityMode
    counsellor_id: str | None
    currency: str
    opened_on: date
    opened_by_first_job: bool = False
    """Opened for the member by their first job (named for them, not by them)."""
    logo: str | None = None
    """The activity's logo (PNG or JPEG, base64; checked and re-encoded): its documents show it."""


class ActivitiesDataExportPart(DataExportChunk):
    event_type = "coop.smart.activities.data_export.part.v1"
    stream = "activities.data_export"


class ActivitiesErasureReport(ErasureReport):
    event_type = "coop.smart.activities.erasure.reported.v1"
    stream = "activities.erasure"


class ExpenseNoteApproved(EventData):
    """An expense note is approved: at once (within the entity's rules) or by a counsellor."""

    event_type = "coop.smart.activities.expense_note.approved.v1"
    stream = "activities.expense_note"
    expense_note_id: str
    activity_id: str
    member_id: str
    entity: str
    total: Amount
    currency: str
    approved_by: str
    """``automatic``, or the counsellor's id."""
    controlled_afterwards: bool


class ExpenseNotePaid(EventData):
    """The cooperative paid an approved expense note back from the activity's budget."""

    event_type = "coop.smart.activities.expense_note.paid.v1"
    stream = "activities.expense_note"
    expense_note_id: str
    activity_id: str
    member_id: str
    entity: str
    amount: Amount
    currency: str
    paid_on: date
    bank_reference: str


class FinancingDisbursed(EventData):
    """The cooperative advanced a financing to an activity (its transfer is ordered); the
    activity repays it in monthly instalments from its revenue."""

    event_type = "coop.smart.activities.financing.disbursed.v1"
    stream = "activities.financing"
    financing_id: str
    activity_id: str
    member_id: str
    entity: str
    amount: Amount
    currency: str
    months: int
    annual_rate: Amount
    disbursed_on: date


class SalaryPeriod(BaseModel):
    """The work a salary from the budget pays: its contract's dates and days."""

    model_config = ConfigDict(frozen=True)
    start_date: date
    end_date: date
    worked_days: int


class SalaryRequested(EventData):
    """A member's salary request is approved: ``budget`` leaves the activity's budget as the
    salary's whole cost; members declares it to payroll with the worker's identity."""

    event_type = "coop.smart.activities.salary_request.approved.v1"
    stream = "activities.salary_request"
    salary_request_id: str
    activity_id: str
    member_id: str
    entity: str
    contract_type: str
    occupation_code: str
    description: str
    period: SalaryPeriod
    budget: Amount
    currency: str
    expenses: Amount = Decimal("0.00")
    """Approved expense notes the payslip reimburses (not taxed), on top of ``budget``."""
    expense_note_ids: list[str] = []
