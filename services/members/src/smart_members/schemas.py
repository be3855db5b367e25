"""What the members service takes and answers over HTTP.

Amounts are decimal strings, dates ISO 8601, as everywhere in the suite.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import Base64Bytes, BaseModel, EmailStr, Field

from smart_common.events.members import (
    Address,
    ClientKind,
    ContractType,
    ServiceNature,
    TaxSituation,
)
from smart_common.events.payroll import ContractTypeTerms
from smart_common.money import CentAmount, Currency
from smart_common.text import InputModel

# --- requests ---------------------------------------------------------------------------


class AddressIn(InputModel):
    street: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=100)
    country: str = Field(pattern=r"^[A-Z]{2}$")


class MemberRegistration(InputModel):
    email: EmailStr
    password: str = Field(
        min_length=12,
        max_length=200,
        description="At least 12 characters, not a common password (a few unrelated words)",
    )
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    entity: str = Field(pattern=r"^[A-Z]{2}$", examples=["BE"])
    iban: str = Field(min_length=15, max_length=42)
    national_register_number: str | None = Field(default=None, max_length=25)
    address: AddressIn | None = Field(
        default=None, description="Postal address (salary transfers need a structured one)"
    )
    tax_situation: TaxSituation | None = None
    language: str = Field(default="fr", pattern=r"^(fr|nl|en)$")


class ProfileIn(InputModel):
    """What a member may correct in their profile (each part optional)."""

    address: AddressIn | None = None
    tax_situation: TaxSituation | None = None
    language: str | None = Field(default=None, pattern=r"^(fr|nl|en)$")


class ClientIn(InputModel):
    name: str = Field(min_length=1, max_length=200)
    kind: ClientKind = ClientKind.BUSINESS
    vat_number: str | None = Field(
        default=None,
        min_length=4,
        max_length=20,
        description="Required for a business (EU: VAT number with its checksum); "
        "a consumer has none",
    )
    address: AddressIn
    country: str = Field(pattern=r"^[A-Z]{2}$")
    email: EmailStr
    language: str = Field(pattern=r"^(fr|nl|en|de)$")
    peppol_id: str | None = Field(
        default=None,
        pattern=r"^[0-9]{4}:[A-Za-z0-9.\-]{1,50}$",
        description="The client's Peppol participant id (scheme:identifier), when known",
    )


class ActivityIn(InputModel):
    name: str = Field(min_length=1, max_length=120)
    logo: Base64Bytes | None = Field(
        default=None, description="PNG or JPEG, base64, at most 200 kB"
    )
    recognised_training: bool | None = Field(
        default=None,
        description="Staff only: the activity is a recognised training body (VAT exemption)",
    )


class CancellationIn(InputModel):
    reason: str = Field(min_length=1, max_length=500)


class JobIn(InputModel):
    client_id: str = Field(min_length=1, max_length=64)
    description: str = Field(min_length=1, max_length=1000)
    occupation_code: str = Field(pattern=r"^\d{4}$", description="ISCO-08 unit group code")
    start_date: date
    end_date: date
    worked_days: int = Field(ge=1, le=31)
    amount_excl_vat: CentAmount = Field(gt=Decimal("0"), le=Decimal("1000000"))
    currency: Currency
    contract_type: ContractType
    expenses: CentAmount = Field(default=Decimal("0"), ge=Decimal("0"))
    service_nature: ServiceNature = ServiceNature.GENERAL
    place_country: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="Where the work is performed"
    )
    buyer_reference: str | None = Field(
        default=None, min_length=1, max_length=100, description="The client's order or reference"
    )
    planned_hours: int | None = Field(
        default=None, ge=1, le=744, description="Hours planned (required for a student contract)"
    )
    activity_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="One of your activities (activities service); default: your first. In a "
        "budget-mode activity the job's revenue stays in its budget: no contract, no payslip",
    )


class LongContractIn(InputModel):
    description: str = Field(min_length=1, max_length=1000)
    occupation_code: str = Field(pattern=r"^\d{4}$", description="ISCO-08 unit group code")
    contract_type: ContractType = ContractType.EMPLOYEE
    start_month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2027-01"])
    forecast: list[CentAmount] = Field(
        min_length=2,
        max_length=60,
        description="The activity's revenue excl. VAT expected each month, from the start month",
    )
    monthly_expenses: CentAmount = Field(default=Decimal("0"), ge=Decimal("0"))


# --- answers ----------------------------------------------------------------------------


class Activity(BaseModel):
    name: str
    recognised_training: bool = False
    has_logo: bool = False


class Member(BaseModel):
    member_id: str
    email: str
    first_name: str
    last_name: str
    entity: str
    roles: list[str]
    shareholder: bool
    shares: int
    registered_at: datetime
    address: Address | None
    tax_situation: TaxSituation | None
    language: str
    activity: Activity | None = Field(description="The activity the member runs, once named")
    counsellor_id: str | None = Field(default=None, description="The counsellor assigned")
    email_verified: bool = Field(description="Jobs may be declared once it is")

    @classmethod
    def of(cls, user: dict[str, Any]) -> Member:
        activity = user.get("activity")
        return cls(
            member_id=user["_id"],
            email=user["email"],
            first_name=user["first_name"],
            last_name=user["last_name"],
            entity=user["entity"],
            roles=user["roles"],
            shareholder=user.get("shareholder", False),
            shares=user.get("shares", 0),
            registered_at=user["registered_at"],
            address=user.get("address"),
            tax_situation=user.get("tax_situation"),
            language=user.get("language", "fr"),
            counsellor_id=user.get("counsellor_id"),
            email_verified=user.get("email_verified_at", True) is not None,
            activity=(
                Activity(
                    name=activity["name"],
                    recognised_training=bool(activity.get("recognised_training")),
                    has_logo=bool(activity.get("logo")),
                )
                if activity
                else None
            ),
        )


GrantableRole = Literal["counsellor", "admin", "integrator"]


class ReviewIn(InputModel):
    approve: bool
    reason: str = Field(min_length=1, max_length=300)


class RoleGrantIn(InputModel):
    member_id: str = Field(min_length=1, max_length=64)
    role: GrantableRole


class CounsellorAssignmentIn(InputModel):
    counsellor_id: str = Field(min_length=1, max_length=64)


class StaffMember(BaseModel):
    """Someone of the entity holding a staff or integrator role."""

    member_id: str
    email: str
    first_name: str
    last_name: str
    roles: list[str]

    @classmethod
    def of(cls, user: dict[str, Any]) -> StaffMember:
        return cls(
            member_id=user["_id"],
            email=user["email"],
            first_name=user["first_name"],
            last_name=user["last_name"],
            roles=user["roles"],
        )


class StaffChange(BaseModel):
    """One line of the staff audit: who changed whose roles or counsellor, when, what."""

    change_id: str
    entity: str
    by: str
    at: datetime
    action: Literal["role_granted", "role_withdrawn", "counsellor_assigned"]
    member_id: str
    role: str | None = None
    counsellor_id: str | None = None


class AccessToken(BaseModel):
    access_token: str
    token_type: str = Field(description="Always bearer")
    expires_in: int = Field(description="Seconds the access token is valid")
    refresh_token: str = Field(
        description="Single use: exchanged for a new pair at /v1/auth/refresh (a reused one "
        "revokes every token of the login)"
    )
    member_id: str


class EmailVerificationIn(InputModel):
    token: str = Field(min_length=16, max_length=400)


class PasswordResetRequestIn(InputModel):
    email: EmailStr


class PasswordResetIn(InputModel):
    token: str = Field(min_length=16, max_length=400)
    new_password: str = Field(min_length=12, max_length=200)


class PasswordChangeIn(InputModel):
    current_password: str = Field(min_length=1, max_length=200)
    new_password: str = Field(min_length=12, max_length=200)


class UndeliveredMail(BaseModel):
    """An account e-mail that could not be sent after its last attempt (its body is kept for a
    resend, never shown)."""

    mail_id: str
    member_id: str
    kind: str
    to: str
    attempts: int
    last_error: str | None = None
    created_at: datetime


class Accepted(BaseModel):
    """A request taken in: what happens next (an e-mail on its way)."""

    detail: str


class RefreshIn(InputModel):
    refresh_token: str = Field(min_length=16, max_length=128)


class Jwks(BaseModel):
    """The public keys access tokens are signed with (RFC 7517; Ed25519, RFC 8037)."""

    keys: list[dict[str, str]]


class Client(BaseModel):
    client_id: str
    member_id: str
    entity: str
    name: str
    kind: ClientKind
    vat_number: str | None
    peppol_id: str | None
    address: Address
    country: str
    email: str
    language: str
    created_at: datetime

    @classmethod
    def of(cls, client: dict[str, Any]) -> Client:
        return cls.model_validate({"client_id": client["_id"], **client})


class TimelineEntry(BaseModel):
    step: str
    at: datetime
    document_id: str | None = Field(description="The contract, declaration, invoice… it names")
    detail: str | None = Field(default=None, description="A refusal's reason, a declaration kind")


class Job(BaseModel):
    """A job (or a long contract, ``kind`` says which) with its saga's timeline."""

    job_id: str
    member_id: str
    kind: str = Field(
        description="job, long_contract, or salary_request (a salary from an activity's budget)"
    )
    client_id: str | None
    entity: str
    description: str
    occupation_code: str
    start_date: date
    end_date: date
    worked_days: int | None
    forecast: list[str] | None = Field(default=None, description="Long contract: per month")
    months: int | None = Field(default=None, description="Long contract: how many months")
    amount_excl_vat: str
    currency: str
    contract_type: str
    expenses: str
    service_nature: str
    planned_hours: int | None
    quote_id: str | None = Field(description="The accepted quote it came from, if any")
    activity_id: str | None = Field(default=None, description="The activity it belongs to")
    activity_mode: str = Field(default="contract", description="contract or budget")
    status: str
    review_reasons: list[str] = Field(
        default_factory=list,
        description="Why it waited (or waits) for a counsellor before its saga started",
    )
    declared_at: datetime
    timeline: list[TimelineEntry] = Field(description="Oldest first")

    @classmethod
    def of(cls, job: dict[str, Any]) -> Job:
        return cls(
            job_id=job["_id"],
            member_id=job["member_id"],
            kind=job.get("kind", "job"),
            client_id=job.get("client_id"),
            entity=job["entity"],
            description=job["description"],
            occupation_code=job["occupation_code"],
            start_date=job["start_date"],
            end_date=job["end_date"],
            worked_days=job.get("worked_days"),
            forecast=job.get("forecast"),
            months=job.get("months"),
            amount_excl_vat=job["amount_excl_vat"],
            currency=job["currency"],
            contract_type=job["contract_type"],
            expenses=job["expenses"],
            service_nature=job.get("service_nature", "general"),
            planned_hours=job.get("planned_hours"),
            quote_id=job.get("quote_id"),
            activity_id=job.get("activity_id"),
            activity_mode=job.get("activity_mode", "contract"),
            status=job["status"],
            review_reasons=job.get("review_reasons") or [],
            declared_at=job["declared_at"],
            timeline=sorted(
                (TimelineEntry.model_validate(entry) for entry in job["timeline"]),
                key=lambda entry: entry.at,
            ),
        )


class ContractTypesInForce(BaseModel):
    """The contract types a member of the entity can declare on a day, as payroll published
    them (what the declaration form offers)."""

    entity: str
    on: date
    effective_from: date | None = Field(description="Since when payroll's terms are these")
    contract_types: list[ContractTypeTerms]


class DataExport(BaseModel):
    """A member's data export: assembling until every service added its part, then ready for
    one download until it expires."""

    export_id: str
    member_id: str
    status: Literal["assembling", "ready", "downloaded", "expired"]
    parts: dict[str, bool] = Field(description="Each service of the deployment: part received")
    requested_at: datetime
    ready_at: datetime | None = None
    expires_at: datetime | None = None
    downloaded_at: datetime | None = None

    @classmethod
    def of(cls, stored: dict[str, Any]) -> DataExport:
        return cls(
            export_id=stored["_id"],
            member_id=stored["member_id"],
            status=stored["status"],
            parts=stored["received"],
            requested_at=stored["requested_at"],
            ready_at=stored.get("ready_at"),
            expires_at=stored.get("expires_at"),
            downloaded_at=stored.get("downloaded_at"),
        )


class ErasureIn(InputModel):
    password: str = Field(min_length=1, max_length=200, description="The member's password")


class RetainedRecords(BaseModel):
    rule: str = Field(description="The retention rule of the entity's pack keeping them")
    records: int
    until: date | None = Field(description="None: kept as long as the cooperative exists")
    source: str
    verified: bool


class ServiceErasure(BaseModel):
    pseudonymised: int = Field(description="Records whose personal fields are gone already")
    retained: list[RetainedRecords]


class Erasure(BaseModel):
    """A member's erasure: in progress until every service reported on its part."""

    erasure_id: str
    member_id: str
    status: Literal["in_progress", "completed"]
    services: list[str]
    reports: dict[str, ServiceErasure] = Field(description="Each service that reported so far")
    requested_at: datetime
    completed_at: datetime | None = None

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Erasure:
        return cls(
            erasure_id=stored["_id"],
            member_id=stored["member_id"],
            status=stored["status"],
            services=stored["services"],
            reports=stored["reports"],
            requested_at=stored["requested_at"],
            completed_at=stored.get("completed_at"),
        )
