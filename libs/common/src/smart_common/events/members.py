"""Events published by the members service."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from smart_common.events.activities import SalaryPeriod
from smart_common.events.envelope import EventData
from smart_common.money import Amount


class ContractType(StrEnum):
    EMPLOYEE = "employee"
    ARTISTIC = "artistic"
    STUDENT = "student"
    CDD = "cdd"
    CDDU = "cddu"
    CDI = "cdi"


class Address(BaseModel):
    model_config = ConfigDict(frozen=True)
    street: str
    postal_code: str
    city: str
    country: str


class ClientKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"


class ServiceNature(StrEnum):
    """What a job sells, as the VAT rules see it."""

    GENERAL = "general"
    COPYRIGHT_LICENCE = "copyright_licence"
    ARTISTIC_PERFORMANCE = "artistic_performance"
    TRAINING = "training"


class Marital(StrEnum):
    SINGLE = "single"
    SPOUSE_WITH_INCOME = "spouse_with_income"
    SPOUSE_WITHOUT_INCOME = "spouse_without_income"


class TaxSituation(BaseModel):
    """What the withholding tax depends on (the member's declaration)."""

    model_config = ConfigDict(frozen=True)
    marital: Marital = Marital.SINGLE
    dependent_children: int = Field(default=0, ge=0, le=20)


class WorkerSnapshot(BaseModel):
    """The member as the employer must know them for this job (personal data: never log)."""

    model_config = ConfigDict(frozen=True)
    member_id: str
    first_name: str
    last_name: str
    email: str
    iban: str
    national_register_number: str | None = None
    address: Address | None = None
    tax_situation: TaxSituation | None = None
    """None: the member has not declared it (payroll applies single, no children, and says so)."""
    language: str = "fr"
    """The member's language (fr, nl, en): their contracts and payslips are written in it."""


class ClientSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True)
    client_id: str
    name: str
    kind: str = "business"
    vat_number: str | None
    address: Address
    email: str
    language: str
    peppol_id: str | None = None


class ActivitySnapshot(BaseModel):
    """The member's activity as documents show it (the cooperative stays the legal issuer)."""

    model_config = ConfigDict(frozen=True)
    name: str
    recognised_training: bool = False
    logo: str | None = None
    """PNG or JPEG, base64."""


class JobSnapshot(BaseModel):
    """A declared job, carried whole so that every later step can act without a lookup."""

    model_config = ConfigDict(frozen=True)
    job_id: str
    member_id: str
    entity: str
    worker: WorkerSnapshot
    client: ClientSnapshot
    description: str
    occupation_code: str
    start_date: date
    end_date: date
    worked_days: int
    amount_excl_vat: Amount
    currency: str
    contract_type: ContractType
    expenses: Amount
    declared_at: datetime
    service_nature: str = "general"
    place_country: str | None = None
    buyer_reference: str | None = None
    activity: ActivitySnapshot | None = None
    planned_hours: int | None = None
    activity_id: str | None = None
    """The activity (activities service) the job belongs to; None: the member's first."""
    activity_mode: str = "contract"
    """``contract``: the job's invoice pays its salary (contract, hiring declaration,
    payslip); ``budget``: its revenue stays in the activity's budget — no contract, no salary
    guarantee; the member asks for a salary from the budget."""


class MemberRegistered(EventData):
    event_type = "coop.smart.members.member.registered.v1"
    stream = "members.member"
    member_id: str
    entity: str
    email: str
    first_name: str
    last_name: str


class MemberBecameShareholder(EventData):
    event_type = "coop.smart.members.member.shareholder_recorded.v1"
    stream = "members.member"
    member_id: str
    entity: str
    shares: int


class ConvocationMailed(EventData):
    """The convocation to a general assembly left for the member's address: the proof of
    sending governance keeps (when, which message), never the address itself."""

    event_type = "coop.smart.members.convocation.mailed.v1"
    stream = "members.mail"
    assembly_id: str
    member_id: str
    entity: str
    sent_at: datetime
    message_id: str


class JobDeclared(EventData):
    event_type = "coop.smart.members.job.declared.v1"
    stream = "members.job"
    job: JobSnapshot


class LongContractDeclared(EventData):
    """A member's long contract: a salary each month, smoothed from the activity's forecast
    revenue and adjusted to its actual revenue as the months end (payroll runs it)."""

    event_type = "coop.smart.members.long_contract.declared.v1"
    stream = "members.job"
    long_contract_id: str
    member_id: str
    entity: str
    worker: WorkerSnapshot
    contract_type: ContractType
    description: str
    occupation_code: str
    start_date: date
    end_date: date
    forecast: list[Amount]
    """The activity's revenue excl. VAT expected each month, from the start month on."""
    monthly_expenses: Amount
    currency: str


class SalaryRequestDeclared(EventData):
    """A salary from an activity's budget, declared to payroll with the worker's identity:
    payroll generates its contract and hiring declaration and, once declared, its payslip
    from ``budget`` (the contribution was taken when the revenue came in)."""

    event_type = "coop.smart.members.salary_request.declared.v1"
    stream = "members.job"
    salary_request_id: str
    """Also the job's id at members (its timeline)."""
    activity_id: str
    member_id: str
    entity: str
    worker: WorkerSnapshot
    contract_type: ContractType
    occupation_code: str
    description: str
    period: SalaryPeriod
    budget: Amount
    currency: str
    expenses: Amount = Decimal("0.00")
    """Expense notes the payslip reimburses on top of the salary (not taxed)."""


class JobCancelled(EventData):
    """The member or a counsellor cancelled the job before its start: compensations follow."""

    event_type = "coop.smart.members.job.cancelled.v1"
    stream = "members.job"
    job_id: str
    member_id: str
    entity: str
    reason: str


class ClientRegistered(EventData):
    """A member added a client (invoicing keeps them to prepare quotes)."""

    event_type = "coop.smart.members.client.registered.v1"
    stream = "members.client"
    member_id: str
    entity: str
    client: ClientSnapshot


class ActivityUpdated(EventData):
    """The member's activity as documents show it (name, logo, recognised training body)."""

    event_type = "coop.smart.members.member.activity_updated.v1"
    stream = "members.member"
    member_id: str
    entity: str
    activity: ActivitySnapshot
