"""What a job's declaration must satisfy, and the declaration itself: shared by the member's
own declaration and by a confirmed quote."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from smart_common.clock import Clock
from smart_common.events.members import JobDeclared, JobSnapshot
from smart_common.persistence import Transaction
from smart_common.problems import Forbidden, Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_members.adapters.repositories import Jobs, MemberActivities
from smart_members.domain.jobs import DeclarationWindow, InvalidJob, JobStatus, JobTerms, Step
from smart_members.payroll_terms import PayrollTermsInForce
from smart_members.schemas import Job, JobIn
from smart_members.use_cases.snapshots import WorkerSnapshots, activity_snapshot, client_snapshot


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3


class JobDeclaration:
    def __init__(
        self,
        rules: RuleBook,
        terms: PayrollTermsInForce,
        clock: Clock,
        window: DeclarationWindow,
        workers: WorkerSnapshots,
    ):
        self._rules = rules
        self._terms = terms
        self._clock = clock
        self._window = window
        self._workers = workers

    async def check(
        self,
        user: dict[str, Any],
        client: dict[str, Any] | None,
        job: JobIn,
        tx: Transaction | None = None,
    ) -> None:
        """What a declaration must satisfy before anything is stored (422 otherwise); read
        in ``tx`` when the caller has one open."""
        if user.get("erased_at"):
            raise Forbidden("this account is closed: its member asked to be erased")
        if user.get("email_verified_at", True) is None:
            raise Forbidden(
                "verify your e-mail address first (the link we sent; POST "
                "/v1/members/me/email-verification to have it again)"
            )
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
        max_days = await self._check_contract_type(user["entity"], job, tx)
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

    async def _check_contract_type(
        self, entity: str, job: JobIn, tx: Transaction | None
    ) -> int | None:
        """Payroll must be able to pay this kind of contract under its terms at the job's end;
        returns the longest such a job may last (days; None: open-ended)."""
        kinds = (await self._terms.on(entity, job.end_date, tx)).kinds
        if not kinds:
            raise Unprocessable(
                f"contract_type: rates not configured — entity {entity} has no contract types "
                f"payroll can pay on {job.end_date} (never invented: see its rule pack)"
            )
        name = job.contract_type.value
        kind = kinds.get(name)
        if kind is None:
            raise Unprocessable(
                f"contract_type: {name} contracts are not configured for entity {entity} "
                f"(configured: {', '.join(sorted(kinds))})"
            )
        if not kind.payable:
            raise Unprocessable(f"contract_type: on {job.end_date}, {kind.why_not}")
        if kind.needs_planned_hours and job.planned_hours is None:
            raise Unprocessable(f"planned_hours: a {name} contract needs the hours planned")
        if kind.within_one_quarter and _quarter(job.start_date) != _quarter(job.end_date):
            raise Unprocessable(
                f"end_date: a {name}'s hiring declaration covers one quarter at most: declare "
                "one job per quarter"
            )
        if not kind.longest_configured:
            raise Unprocessable(
                f"end_date: the longest a {name} job may last is not configured for entity "
                f"{entity} (job_max_days)"
            )
        return kind.longest_days

    async def record(
        self,
        tx: Transaction,
        user: dict[str, Any],
        client: dict[str, Any],
        job: JobIn,
        job_id: str,
        quote_id: str | None = None,
    ) -> Job:
        """Store the job and raise ``job.declared``, with which the saga starts — unless the
        entity reviews a new member's first job: then it waits for a counsellor."""
        member_id = user["_id"]
        now = self._clock.now()
        activity = await MemberActivities(tx).resolve(member_id, user["entity"], job.activity_id)
        held = await self._review_reasons(tx, user, client, job)
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
            "place_country": job.place_country,
            "buyer_reference": job.buyer_reference,
            "quote_id": quote_id,
            "activity_id": activity["_id"] if activity else None,
            "activity_mode": activity["mode"] if activity else "contract",
            "status": (JobStatus.AWAITING_REVIEW if held else JobStatus.DECLARED).value,
            "review_reasons": held,
            "declared_at": now,
            "timeline": [{"step": Step.DECLARED.value, "at": now, "document_id": job_id}],
        }
        await Jobs(tx).add(document)
        if not held:
            await self.start_saga(tx, user, client, document)
        return Job.of(document)

    async def _review_reasons(
        self, tx: Transaction, user: dict[str, Any], client: dict[str, Any], job: JobIn
    ) -> list[str]:
        """Why a counsellor validates the job before its saga starts (none: it starts now):
        the entity's ``first_job_review`` for a new member, ``job_review_threshold`` above an
        amount, ``new_client_review_threshold`` for a first job with a client above a lower
        one (an unusual client: a large first order)."""
        pack = self._rules.pack(user["entity"], self._clock.today())
        reasons = []
        if (
            "first_job_review" in pack.rules
            and pack.value("first_job_review")
            and not await Jobs(tx).any_of(user["_id"])
        ):
            reasons.append("a new member's first job")
        if "job_review_threshold" in pack.rules:
            threshold = pack.decimal("job_review_threshold")
            if job.amount_excl_vat > threshold:
                reasons.append(
                    f"{job.amount_excl_vat} {job.currency} is above the threshold of "
                    f"{threshold} {job.currency}"
                )
        if "new_client_review_threshold" in pack.rules and not reasons:
            threshold = pack.decimal("new_client_review_threshold")
            if job.amount_excl_vat > threshold and not await Jobs(tx).any_for_client(
                user["_id"], client["_id"]
            ):
                reasons.append(f"a first job for {client['name']} above {threshold} {job.currency}")
        return reasons

    async def start_saga(
        self, tx: Transaction, user: dict[str, Any], client: dict[str, Any], job: dict[str, Any]
    ) -> None:
        """Raise ``job.declared`` for a stored job (at once, or once a counsellor validated)."""
        named = (
            await MemberActivities(tx).get(job["activity_id"]) if job.get("activity_id") else None
        )
        snapshot = JobSnapshot(
            job_id=job["_id"],
            member_id=user["_id"],
            entity=user["entity"],
            worker=self._workers.of(user),
            client=client_snapshot(client),
            description=job["description"],
            occupation_code=job["occupation_code"],
            start_date=date.fromisoformat(job["start_date"]),
            end_date=date.fromisoformat(job["end_date"]),
            worked_days=job["worked_days"],
            amount_excl_vat=Decimal(job["amount_excl_vat"]),
            currency=job["currency"],
            contract_type=job["contract_type"],
            expenses=Decimal(job["expenses"]),
            declared_at=job["declared_at"],
            service_nature=job["service_nature"],
            place_country=job.get("place_country"),
            buyer_reference=job.get("buyer_reference"),
            activity=activity_snapshot(user, named),
            planned_hours=job.get("planned_hours"),
            activity_id=job.get("activity_id"),
            activity_mode=job.get("activity_mode", "contract"),
        )
        await tx.record_event(
            JobDeclared(job=snapshot),
            subject=job["_id"],
            entity=user["entity"],
            correlation_id=job["_id"],
        )
