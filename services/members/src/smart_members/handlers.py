"""Use cases of the members service: commands in, events out, through the unit of work."""

from __future__ import annotations

import base64
import logging
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Base64Bytes, EmailStr, Field
from pymongo.errors import DuplicateKeyError

from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal, Role, TokenCodec
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.governance import ShareSubscribed
from smart_common.events.invoicing import QuoteConfirmed
from smart_common.events.members import (
    ActivitySnapshot,
    ActivityUpdated,
    Address,
    ClientKind,
    ClientRegistered,
    ClientSnapshot,
    ContractType,
    JobCancelled,
    JobDeclared,
    JobSnapshot,
    LongContractDeclared,
    MemberBecameShareholder,
    MemberRegistered,
    ServiceNature,
    TaxSituation,
    WorkerSnapshot,
)
from smart_common.events.payroll import WorkerIdentityCorrected
from smart_common.idempotency import fingerprint, run_idempotent
from smart_common.messaging import BatchHandler
from smart_common.money import CentAmount, Currency
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_common.text import InputModel
from smart_common.worker_identity import WorkerIdentityChannel
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import CLIENTS, JOBS, USERS, Clients, Jobs, Users
from smart_members.domain.identity import (
    InvalidIdentity,
    normalise_iban,
    normalise_national_register_number,
    normalise_tax_number,
)
from smart_members.domain.jobs import (
    DeclarationWindow,
    InvalidJob,
    JobStatus,
    JobTerms,
    Step,
    TimelineStep,
    status_after,
)
from smart_members.domain.logo import InvalidLogo, normalised_logo
from smart_members.domain.long_contracts import (
    LongContractIn,
    contract_dates,
    forecast_problem,
)


class AddressIn(InputModel):
    street: str = Field(min_length=1, max_length=200)
    postal_code: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=100)
    country: str = Field(pattern=r"^[A-Z]{2}$")


class MemberRegistration(InputModel):
    email: EmailStr
    password: str = Field(min_length=10, max_length=200)
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


log = logging.getLogger(__name__)


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


def _public_member(user: dict[str, Any]) -> dict[str, Any]:
    return {
        "member_id": user["_id"],
        "email": user["email"],
        "first_name": user["first_name"],
        "last_name": user["last_name"],
        "entity": user["entity"],
        "roles": user["roles"],
        "shareholder": user.get("shareholder", False),
        "shares": user.get("shares", 0),
        "registered_at": user["registered_at"].isoformat(),
        "address": user.get("address"),
        "tax_situation": user.get("tax_situation"),
        "language": user.get("language", "fr"),
        "activity": {key: value for key, value in user.get("activity", {}).items() if key != "logo"}
        | ({"has_logo": True} if user.get("activity", {}).get("logo") else {}),
    }


def public_job(job: dict[str, Any]) -> dict[str, Any]:
    timeline = sorted(job["timeline"], key=lambda entry: entry["at"])
    return {
        "job_id": job["_id"],
        "member_id": job["member_id"],
        "kind": job.get("kind", "job"),
        "client_id": job.get("client_id"),
        "entity": job["entity"],
        "description": job["description"],
        "occupation_code": job["occupation_code"],
        "start_date": job["start_date"],
        "end_date": job["end_date"],
        "worked_days": job.get("worked_days"),
        **({"forecast": job["forecast"], "months": job["months"]} if "forecast" in job else {}),
        "amount_excl_vat": job["amount_excl_vat"],
        "currency": job["currency"],
        "contract_type": job["contract_type"],
        "expenses": job["expenses"],
        "service_nature": job.get("service_nature", "general"),
        "planned_hours": job.get("planned_hours"),
        "quote_id": job.get("quote_id"),
        "status": job["status"],
        "declared_at": job["declared_at"].isoformat(),
        "timeline": [
            {
                "step": entry["step"],
                "at": entry["at"].isoformat(),
                "document_id": entry.get("document_id"),
                **({"detail": entry["detail"]} if entry.get("detail") else {}),
            }
            for entry in timeline
        ],
    }


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3


def _activity_snapshot(user: dict[str, Any]) -> ActivitySnapshot | None:
    activity = user.get("activity")
    if not activity:
        return None
    logo = activity.get("logo")
    return ActivitySnapshot(
        name=activity["name"],
        recognised_training=bool(activity.get("recognised_training")),
        logo=base64.b64encode(logo).decode("ascii") if logo else None,
    )


def public_client(client: dict[str, Any]) -> dict[str, Any]:
    return {key if key != "_id" else "client_id": value for key, value in client.items()}


class MembersHandlers:
    def __init__(
        self,
        uow: UnitOfWork,
        rules: RuleBook,
        passwords: PasswordHashing,
        tokens: TokenCodec,
        personal_data: PersonalDataCipher,
        identities: WorkerIdentityChannel,
        entity: str,
        clock: Clock,
        window: DeclarationWindow,
    ):
        self._clock = clock
        self._window = window
        self._uow = uow
        self._rules = rules
        self._passwords = passwords
        self._tokens = tokens
        self._personal_data = personal_data
        self._identities = identities
        self._entity = entity

    # --- identities -------------------------------------------------------------------
    async def ensure_admin(self, email: str, password: str) -> None:
        existing = await self._uow.find_one(USERS, {"email": email.lower()})
        if existing is not None:
            return
        hashed = await self._passwords.hash(password)

        async def create(tx: Transaction) -> None:
            await Users(tx).add(
                {
                    "_id": str(uuid.uuid4()),
                    "email": email.lower(),
                    "password_hash": hashed,
                    "first_name": "Admin",
                    "last_name": self._entity,
                    "entity": self._entity,
                    "roles": [Role.ADMIN.value],
                    "registered_at": self._clock.now(),
                }
            )

        await self._uow.run(create)

    async def register_member(
        self, registration: MemberRegistration, idempotency_key: str | None
    ) -> tuple[dict[str, Any], bool]:
        if registration.entity != self._entity:
            raise Unprocessable(
                f"entity: this deployment registers members of entity {self._entity}"
            )
        try:
            iban = normalise_iban(registration.iban)
            nrn = (
                normalise_national_register_number(
                    registration.national_register_number, registration.entity
                )
                if registration.national_register_number
                else None
            )
        except InvalidIdentity as error:
            raise Unprocessable(str(error)) from error
        email = registration.email.lower()
        if await self._uow.find_one(USERS, {"email": email}, projection={"_id": 1}):
            if idempotency_key is None:
                raise Conflict(f"email: a member is already registered with {email}")
        hashed = await self._passwords.hash(registration.password)

        async def create(tx: Transaction) -> dict[str, Any]:
            user: dict[str, Any] = {
                "_id": str(uuid.uuid4()),
                "email": email,
                "password_hash": hashed,
                "first_name": registration.first_name,
                "last_name": registration.last_name,
                "entity": registration.entity,
                "iban": self._personal_data.seal(iban),
                "national_register_number": self._personal_data.seal_optional(nrn),
                "address": registration.address.model_dump() if registration.address else None,
                "tax_situation": (
                    registration.tax_situation.model_dump(mode="json")
                    if registration.tax_situation
                    else None
                ),
                "language": registration.language,
                "roles": [Role.MEMBER.value],
                "shareholder": False,
                "shares": 0,
                "registered_at": self._clock.now(),
            }
            await Users(tx).add(user)
            await tx.record_event(
                MemberRegistered(
                    member_id=user["_id"],
                    entity=user["entity"],
                    email=email,
                    first_name=user["first_name"],
                    last_name=user["last_name"],
                ),
                subject=user["_id"],
                entity=user["entity"],
                correlation_id=user["_id"],
            )
            return _public_member(user)

        body = registration.model_dump(mode="json", exclude={"password"})
        try:
            return await run_idempotent(
                self._uow,
                scope="register",
                key=idempotency_key,
                request_fingerprint=fingerprint(body),
                create=create,
            )
        except DuplicateKeyError as error:
            raise Conflict(f"email: a member is already registered with {email}") from error

    async def issue_token(self, email: str, password: str) -> dict[str, Any]:
        user = await self._uow.find_one(USERS, {"email": email.lower()})
        if user is None or not await self._passwords.verify(user["password_hash"], password):
            raise Unauthorized("unknown e-mail or wrong password")
        roles = frozenset(Role(role) for role in user["roles"])
        token = self._tokens.issue(user["_id"], user["entity"], roles)
        return {"access_token": token, "token_type": "bearer", "member_id": user["_id"]}

    async def member(self, member_id: str) -> dict[str, Any]:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        return _public_member(user)

    # --- clients ----------------------------------------------------------------------
    async def add_client(
        self, member_id: str, client: ClientIn, idempotency_key: str | None
    ) -> tuple[dict[str, Any], bool]:
        if client.address.country != client.country:
            raise Unprocessable("address.country: must be the client's country")
        vat_number = None
        if client.kind is ClientKind.CONSUMER:
            if client.vat_number:
                raise Unprocessable("vat_number: a consumer has no VAT number (kind=business?)")
            if client.peppol_id:
                raise Unprocessable("peppol_id: only businesses receive invoices over Peppol")
        elif not client.vat_number:
            raise Unprocessable("vat_number: a business client needs its VAT or tax number")
        else:
            try:
                vat_number = normalise_tax_number(client.vat_number, client.country)
            except InvalidIdentity as error:
                raise Unprocessable(str(error)) from error

        async def create(tx: Transaction) -> dict[str, Any]:
            client_id = str(uuid.uuid4())
            document: dict[str, Any] = {
                "_id": client_id,
                "member_id": member_id,
                "entity": self._entity,
                "name": client.name,
                "kind": client.kind.value,
                "vat_number": vat_number,
                "peppol_id": client.peppol_id,
                "address": client.address.model_dump(),
                "country": client.country,
                "email": str(client.email),
                "language": client.language,
                "created_at": self._clock.now().isoformat(),
            }
            await Clients(tx).add(document)
            await tx.record_event(
                ClientRegistered(
                    member_id=member_id,
                    entity=self._entity,
                    client=ClientSnapshot(
                        client_id=client_id,
                        name=client.name,
                        kind=client.kind.value,
                        vat_number=vat_number,
                        address=Address(**client.address.model_dump()),
                        email=document["email"],
                        language=client.language,
                        peppol_id=client.peppol_id,
                    ),
                ),
                subject=client_id,
                entity=self._entity,
                correlation_id=client_id,
            )
            return public_client(document)

        return await run_idempotent(
            self._uow,
            scope=f"client:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(client),
            create=create,
        )

    async def clients(self, member_id: str) -> list[dict[str, Any]]:
        return [public_client(c) for c in await self._uow.find(CLIENTS, {"member_id": member_id})]

    async def client(self, principal: Principal, client_id: str) -> dict[str, Any]:
        client = await find_visible(self._uow, CLIENTS, {"_id": client_id}, principal, "client")
        return public_client(client)

    # --- jobs -------------------------------------------------------------------------
    async def job(self, principal: Principal, job_id: str) -> dict[str, Any]:
        job = await find_visible(self._uow, JOBS, {"_id": job_id}, principal, "job")
        return public_job(job)

    async def jobs(self, principal: Principal, limit: int) -> list[dict[str, Any]]:
        found = await self._uow.find(
            JOBS,
            visible_scope(principal),
            sort=[("declared_at", -1)],
            limit=max(1, min(limit, 500)),
        )
        return [public_job(job) for job in found]

    def _check_declaration(
        self, user: dict[str, Any], client: dict[str, Any] | None, job: JobIn
    ) -> None:
        """What a declaration must satisfy before anything is stored (422 otherwise)."""
        if client is None or client["member_id"] != user["_id"]:
            raise Unprocessable("client_id: not one of your clients")
        try:
            pack = self._rules.pack(user["entity"], job.start_date)
            currency = pack.value("currency")
            contribution_rate = pack.decimal("contribution_rate")
        except RuleNotConfigured as error:
            raise Unprocessable(f"entity {user['entity']}: {error}") from error
        if job.currency != currency:
            raise Unprocessable(f"currency: jobs of entity {user['entity']} are in {currency}")
        max_days = self._check_contract_type(user["entity"], job)
        try:
            self._window.check(job.start_date, job.end_date, self._clock.today(), max_days)
        except InvalidJob as error:
            raise Unprocessable(str(error)) from error
        if "iban" not in user:
            raise Unprocessable("only members with a bank account can declare jobs")
        try:
            JobTerms(
                job.start_date,
                job.end_date,
                job.worked_days,
                job.amount_excl_vat,
                job.expenses,
                contribution_rate,
            ).check()
        except InvalidJob as error:
            raise Unprocessable(str(error)) from error

    def _check_contract_type(self, entity: str, job: JobIn) -> int | None:
        """Payroll must be able to pay this kind of contract with the rules of the job's end;
        returns the longest such a job may last (days; None: open-ended)."""
        pack = self._rules.pack(entity, job.end_date)
        if "contract_types" not in pack.rules:
            raise Unprocessable(
                f"contract_type: rates not configured — entity {entity} has no contract types "
                f"payroll can pay on {job.end_date} (never invented: see its rule pack)"
            )
        kinds = pack.value("contract_types")
        kind = kinds.get(job.contract_type.value)
        if kind is None:
            raise Unprocessable(
                f"contract_type: {job.contract_type.value} contracts are not configured for "
                f"entity {entity} (configured: {', '.join(sorted(kinds))})"
            )
        if "annual_hours_cap" in kind and job.planned_hours is None:
            raise Unprocessable(
                f"planned_hours: a {job.contract_type.value} contract needs the hours planned"
            )
        if kind.get("dimona_worker_type") == "STU" and _quarter(job.start_date) != _quarter(
            job.end_date
        ):
            raise Unprocessable(
                "end_date: a student's Dimona covers one quarter at most: declare one job per "
                "quarter"
            )
        if parameters := kind.get("specific_contributions"):
            unset = pack.unset_parameters(parameters) if parameters in pack.rules else ["all"]
            if unset:
                raise Unprocessable(
                    f"contract_type: {job.contract_type.value} contracts need rates entity "
                    f"{entity} has not configured ({parameters}: {', '.join(unset)})"
                )
        for key in ("work_bonus", "multiplier", "employee_rate", "employer_rate"):
            rule = kind.get(key)
            if rule and rule not in pack.rules:
                raise Unprocessable(
                    f"contract_type: {job.contract_type.value} contracts cannot be paid with the "
                    f"rules in force on {job.end_date} ({rule} not configured)"
                )
        longest = pack.rules.get("job_max_days")
        limit = longest.value.get(job.contract_type.value) if longest else None
        if limit is None:
            raise Unprocessable(
                f"end_date: the longest a {job.contract_type.value} job may last is not "
                f"configured for entity {entity} (job_max_days)"
            )
        return None if limit == "open-ended" else int(limit)

    async def declare_job(
        self, member_id: str, job: JobIn, idempotency_key: str | None
    ) -> tuple[dict[str, Any], bool]:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        client = await self._uow.find_one(CLIENTS, {"_id": job.client_id})
        self._check_declaration(user, client, job)
        assert client is not None

        async def create(tx: Transaction) -> dict[str, Any]:
            return await self._declare(tx, user, client, job, str(uuid.uuid4()))

        return await run_idempotent(
            self._uow,
            scope=f"job:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(job),
            create=create,
        )

    async def on_quote_confirmed(
        self, data: QuoteConfirmed, envelope: Envelope, tx: Transaction
    ) -> None:
        """The member confirmed a quote the client accepted: it becomes the job's declaration
        (one job per quote, whatever the redeliveries)."""
        job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"quote:{data.quote_id}"))
        if await Jobs(tx).get(job_id):
            return
        user = await Users(tx).get(data.member_id)
        client = await Clients(tx).get(data.client_id)
        if user is None:
            raise LookupError(f"member {data.member_id} not found for {envelope.type}")
        job = JobIn(
            client_id=data.client_id,
            description=data.description,
            occupation_code=data.occupation_code,
            start_date=data.start_date,
            end_date=data.end_date,
            worked_days=data.worked_days,
            amount_excl_vat=data.amount_excl_vat,
            currency=data.currency,
            contract_type=ContractType(data.contract_type),
            expenses=data.expenses,
            service_nature=ServiceNature(data.service_nature),
            place_country=data.place_country,
            buyer_reference=data.buyer_reference,
        )
        try:
            self._check_declaration(user, client, job)
        except Unprocessable as error:
            log.warning("quote %s cannot become a job: %s", data.number, error.detail)
            return
        assert client is not None
        await self._declare(tx, user, client, job, job_id, quote_id=data.quote_id)

    def _worker_snapshot(self, user: dict[str, Any]) -> WorkerSnapshot:
        """The member as the employer must know them; the IBAN and the national number sealed
        for payroll alone (``WorkerIdentityChannel``)."""
        worker = WorkerSnapshot(
            member_id=user["_id"],
            first_name=user["first_name"],
            last_name=user["last_name"],
            email=user["email"],
            iban=self._personal_data.open(user["iban"]),
            national_register_number=self._personal_data.open_optional(
                user.get("national_register_number")
            ),
            address=Address(**user["address"]) if user.get("address") else None,
            tax_situation=(
                TaxSituation(**user["tax_situation"]) if user.get("tax_situation") else None
            ),
            language=user.get("language", "fr"),
        )
        return self._identities.sealed(worker)

    async def declare_long_contract(
        self, member_id: str, contract: LongContractIn, idempotency_key: str | None
    ) -> tuple[dict[str, Any], bool]:
        """A long contract: payroll generates it, declares it and pays it month by month;
        its timeline is the member's like a job's."""
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        if problem := forecast_problem(contract):
            raise Unprocessable(problem)
        start, end = contract_dates(contract.start_month, len(contract.forecast))
        entity = user["entity"]
        try:
            pack = self._rules.pack(entity, start)
            currency = pack.value("currency")
            if pack.value("withholding_method") != "be_key_formula":
                raise RuleNotConfigured(
                    f"long contracts are smoothed with the Belgian key formula; entity {entity} "
                    "has no monthly computation yet"
                )
        except RuleNotConfigured as error:
            raise Unprocessable(f"rates not configured: {error}") from error
        kinds = pack.value("contract_types")
        if contract.contract_type.value not in kinds or "annual_hours_cap" in kinds.get(
            contract.contract_type.value, {}
        ):
            raise Unprocessable(
                f"contract_type: a long contract of entity {entity} is one of "
                f"{', '.join(sorted(k for k, v in kinds.items() if 'annual_hours_cap' not in v))}"
            )

        async def create(tx: Transaction) -> dict[str, Any]:
            contract_id = str(uuid.uuid4())
            now = self._clock.now()
            document = {
                "_id": contract_id,
                "kind": "long_contract",
                "member_id": member_id,
                "client_id": None,
                "entity": entity,
                "description": contract.description,
                "occupation_code": contract.occupation_code,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "worked_days": None,
                "months": len(contract.forecast),
                "forecast": [str(amount) for amount in contract.forecast],
                "amount_excl_vat": str(sum(contract.forecast, Decimal("0"))),
                "currency": currency,
                "contract_type": contract.contract_type.value,
                "expenses": str(contract.monthly_expenses * len(contract.forecast)),
                "status": JobStatus.DECLARED.value,
                "declared_at": now,
                "timeline": [{"step": Step.DECLARED.value, "at": now, "document_id": contract_id}],
            }
            await Jobs(tx).add(document)
            await tx.record_event(
                LongContractDeclared(
                    long_contract_id=contract_id,
                    member_id=member_id,
                    entity=entity,
                    worker=self._worker_snapshot(user),
                    contract_type=contract.contract_type,
                    description=contract.description,
                    occupation_code=contract.occupation_code,
                    start_date=start,
                    end_date=end,
                    forecast=contract.forecast,
                    monthly_expenses=contract.monthly_expenses,
                    currency=currency,
                ),
                subject=contract_id,
                entity=entity,
                correlation_id=contract_id,
            )
            return public_job(document)

        return await run_idempotent(
            self._uow,
            scope=f"long-contract:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(contract),
            create=create,
        )

    async def _declare(
        self,
        tx: Transaction,
        user: dict[str, Any],
        client: dict[str, Any],
        job: JobIn,
        job_id: str,
        quote_id: str | None = None,
    ) -> dict[str, Any]:
        member_id = user["_id"]
        now = self._clock.now()
        snapshot = JobSnapshot(
            job_id=job_id,
            member_id=member_id,
            entity=user["entity"],
            worker=self._worker_snapshot(user),
            client=ClientSnapshot(
                client_id=client["_id"],
                name=client["name"],
                kind=client["kind"],
                vat_number=client["vat_number"],
                address=Address(**client["address"]),
                email=client["email"],
                language=client["language"],
                peppol_id=client.get("peppol_id"),
            ),
            description=job.description,
            occupation_code=job.occupation_code,
            start_date=job.start_date,
            end_date=job.end_date,
            worked_days=job.worked_days,
            amount_excl_vat=job.amount_excl_vat,
            currency=job.currency,
            contract_type=job.contract_type,
            expenses=job.expenses,
            declared_at=now,
            service_nature=job.service_nature.value,
            place_country=job.place_country,
            buyer_reference=job.buyer_reference,
            activity=_activity_snapshot(user),
            planned_hours=job.planned_hours,
        )
        document = {
            "_id": job_id,
            "member_id": member_id,
            "client_id": client["_id"],
            "entity": user["entity"],
            "description": job.description,
            "occupation_code": job.occupation_code,
            "start_date": job.start_date.isoformat(),
            "end_date": job.end_date.isoformat(),
            "worked_days": job.worked_days,
            "amount_excl_vat": str(job.amount_excl_vat),
            "currency": job.currency,
            "contract_type": job.contract_type.value,
            "expenses": str(job.expenses),
            "service_nature": job.service_nature.value,
            "planned_hours": job.planned_hours,
            "quote_id": quote_id,
            "status": JobStatus.DECLARED.value,
            "declared_at": now,
            "timeline": [{"step": Step.DECLARED.value, "at": now, "document_id": job_id}],
        }
        await Jobs(tx).add(document)
        await tx.record_event(
            JobDeclared(job=snapshot),
            subject=job_id,
            entity=user["entity"],
            correlation_id=job_id,
        )
        return public_job(document)

    async def update_profile(
        self, principal: Principal, member_id: str, profile: ProfileIn
    ) -> dict[str, Any]:
        """The member (or staff of their entity) corrects the address or the tax situation;
        jobs declared from now on carry it to payroll."""
        if not principal.is_staff and principal.subject != member_id:
            raise NotFound("no such member")
        changes: dict[str, Any] = {}
        if profile.address is not None:
            changes["address"] = profile.address.model_dump()
        if profile.tax_situation is not None:
            changes["tax_situation"] = profile.tax_situation.model_dump(mode="json")
        if profile.language is not None:
            changes["language"] = profile.language
        if not changes:
            raise Unprocessable("give an address, a tax_situation or a language")

        async def update(tx: Transaction) -> dict[str, Any]:
            user = await Users(tx).get(member_id)
            if user is None or (principal.is_staff and user["entity"] != principal.entity):
                raise NotFound("no such member")
            await Users(tx).set_profile(member_id, changes)
            return _public_member(user | changes)

        return await self._uow.run(update)

    async def set_activity(
        self, principal: Principal, member_id: str, activity: ActivityIn
    ) -> dict[str, Any]:
        """The member names their activity and logo; only staff may flag a recognised training
        body (it exempts the activity's training from VAT)."""
        staff = principal.is_staff
        if not staff and principal.subject != member_id:
            raise NotFound("no such member")
        if activity.recognised_training is not None and not staff:
            raise Forbidden("recognised_training: only a counsellor or an admin may set it")
        logo = None
        if activity.logo is not None:
            try:
                logo = normalised_logo(activity.logo)
            except InvalidLogo as error:
                raise Unprocessable(str(error)) from error

        async def update(tx: Transaction) -> dict[str, Any]:
            user = await Users(tx).get(member_id)
            if user is None or (staff and user["entity"] != principal.entity):
                raise NotFound("no such member")
            current = user.get("activity", {})
            recognised = (
                activity.recognised_training
                if activity.recognised_training is not None
                else current.get("recognised_training", False)
            )
            document = {
                "name": activity.name,
                "logo": logo if logo is not None else current.get("logo"),
                "recognised_training": recognised,
            }
            await Users(tx).set_activity(member_id, document)
            updated = user | {"activity": document}
            snapshot = _activity_snapshot(updated)
            assert snapshot is not None
            await tx.record_event(
                ActivityUpdated(member_id=member_id, entity=user["entity"], activity=snapshot),
                subject=member_id,
                entity=user["entity"],
                correlation_id=member_id,
            )
            return _public_member(updated)

        return await self._uow.run(update)

    async def cancel_job(
        self, principal: Principal, job_id: str, cancellation: CancellationIn
    ) -> dict[str, Any]:
        """Before its start a job can be cancelled: the credit note and the other
        compensations follow from ``job.cancelled``."""
        job = await find_visible(self._uow, JOBS, {"_id": job_id}, principal, "job")
        if job["status"] == JobStatus.CANCELLED.value:
            return public_job(job)
        if date.fromisoformat(job["start_date"]) <= self._clock.today():
            raise Conflict("the job has started: correct it with a credit note instead")

        async def cancel(tx: Transaction) -> dict[str, Any]:
            now = self._clock.now()
            entry = {
                "step": Step.CANCELLED.value,
                "at": now,
                "document_id": job_id,
                "detail": cancellation.reason,
            }
            if not await Jobs(tx).cancel(job_id, entry):
                raise Conflict("the job was cancelled meanwhile")
            await tx.record_event(
                JobCancelled(
                    job_id=job_id,
                    member_id=job["member_id"],
                    entity=job["entity"],
                    reason=cancellation.reason,
                ),
                subject=job_id,
                entity=job["entity"],
                correlation_id=job_id,
            )
            updated = await Jobs(tx).get(job_id)
            assert updated is not None
            return public_job(updated)

        return await self._uow.run(cancel)

    # --- reactions to other services' events (the timeline) ---------------------------
    async def record_steps(self, tx: Transaction, steps: list[TimelineStep]) -> None:
        """Put each step on its job's timeline and move the job's status, in order: one read
        and one write for all the jobs of a consumer batch."""
        jobs = Jobs(tx)
        found = await jobs.get_many(step.job_id for step in steps)
        changes: dict[str, tuple[list[dict[str, Any]], str]] = {}
        for step in steps:
            job = found.get(step.job_id)
            if job is None:
                raise LookupError(f"job {step.job_id} not found for {step.event_type}")
            entries, current = changes.get(step.job_id, ([], job["status"]))
            status = status_after(JobStatus(current), step.step)
            if job.get("kind") == "long_contract" and status is JobStatus.COMPLETED:
                status = JobStatus.SALARIED  # a month declared; the contract goes on
            changes[step.job_id] = ([*entries, step.entry()], status.value)
        await jobs.append_steps(changes)

    def timeline_steps(self, steps: dict[str, tuple[Step, str]]) -> BatchHandler:
        """A batch handler that records, per event type, its step and the field naming its
        document (``steps``) on the job each event belongs to."""

        async def record(items: list[tuple[Any, Envelope]], tx: Transaction) -> None:
            recorded = []
            for data, envelope in items:
                step, document_field = steps[envelope.type]
                anomalies = getattr(data, "anomalies", None)
                # a refusal's reason, else which declaration it was (dimona, dpae, dsn_monthly…)
                reason = getattr(data, "reason", None) or getattr(data, "kind", None)
                recorded.append(
                    TimelineStep(
                        job_id=data.job_id,
                        step=step,
                        document_id=getattr(data, document_field),
                        at=envelope.time,
                        event_type=envelope.type,
                        detail="; ".join(anomalies) if anomalies else reason,
                    )
                )
            await self.record_steps(tx, recorded)

        return record

    async def on_worker_identity_corrected(
        self, data: WorkerIdentityCorrected, envelope: Envelope, tx: Transaction
    ) -> None:
        """Payroll corrected the worker's national number on a refused declaration: the
        member's profile takes it, so the next job declares the right person."""
        user = await tx.collection(USERS).find_one({"_id": data.member_id})
        if user is None:
            raise LookupError(f"member {data.member_id} not found for {envelope.type}")
        number = normalise_national_register_number(
            self._identities.open_number(data.national_register_number), user["entity"]
        )
        await Users(tx).set_profile(
            data.member_id,
            {"national_register_number": self._personal_data.seal(number)},
        )
        await self.record_steps(
            tx,
            [
                TimelineStep(
                    job_id=data.job_id,
                    step=Step.IDENTITY_CORRECTED,
                    document_id=data.declaration_id,
                    at=envelope.time,
                    event_type=envelope.type,
                    detail="national register number corrected by a counsellor",
                )
            ],
        )

    async def on_share_subscribed(
        self, data: ShareSubscribed, envelope: Envelope, tx: Transaction
    ) -> None:
        if not await Users(tx).mark_shareholder(data.member_id, data.shares):
            raise LookupError(f"member {data.member_id} not found for {envelope.type}")
        await tx.record_event(
            MemberBecameShareholder(
                member_id=data.member_id, entity=data.entity, shares=data.shares
            ),
            subject=data.member_id,
            entity=data.entity,
            correlation_id=envelope.correlation_id,
        )
