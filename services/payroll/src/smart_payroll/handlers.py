"""Use cases of the payroll service: contracts, hiring declarations, payslips, declarations."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field
from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from stdnum.be import nn as belgian_national_number
from stdnum.exceptions import ValidationError

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.events.collections import PaymentReceived, SalaryGuaranteed
from smart_common.events.envelope import Envelope
from smart_common.events.members import JobCancelled, JobDeclared, JobSnapshot
from smart_common.events.payroll import (
    ContractGenerated,
    ContractRefused,
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
    WorkerIdentityCorrected,
)
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher, masked
from smart_common.problems import Conflict, Forbidden, NotFound, Unprocessable
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook, RuleNotConfigured, RulePack
from smart_common.text import InputModel
from smart_common.worker_identity import WorkerIdentityChannel
from smart_payroll.adapters.dimona import (
    UPDATE_KIND,
    DeclarationResult,
    HiringDeclarationGateway,
    dimona_cancel_body,
    dimona_in_body,
)
from smart_payroll.adapters.dpae import dpae_body
from smart_payroll.adapters.repositories import (
    CONTRACTS,
    DECLARATION_LINES,
    HIRING_DECLARATIONS,
    PAYMENT_ORDERS,
    PAYSLIPS,
    PERIODIC_DECLARATIONS,
)
from smart_payroll.documents.pdf import render_contract, render_payslip
from smart_payroll.domain.belgian_payslip import TaxSituation
from smart_payroll.domain.job_payslip import job_payslip
from smart_payroll.payslips import Occupation, PayslipIssuer, declared_situation
from smart_payroll.periodic_files import NoFileFormat, declaration_file
from smart_payroll.settings import PayrollSettings
from smart_payroll.workers import opened_worker, sealed_worker

log = logging.getLogger(__name__)
CANCELLATION = "dimona_cancel"
DPAE_WINDOW_DAYS = 8
"""Code du travail, art. R1221-5: the DPAE is made at most 8 days before hiring."""


class CorrectionIn(InputModel):
    national_register_number: str | None = Field(default=None, min_length=11, max_length=20)
    planned_hours: int | None = Field(default=None, ge=1, le=744)


GATEWAY_BATCH = 100

GATEWAY_CONCURRENCY = 16


async def _concurrently(calls: list[Any]) -> list[Any]:
    """Await gateway calls, at most GATEWAY_CONCURRENCY at a time; failures are returned."""
    semaphore = asyncio.Semaphore(GATEWAY_CONCURRENCY)

    async def bounded(call: Any) -> Any:
        async with semaphore:
            return await call

    return await asyncio.gather(*(bounded(call) for call in calls), return_exceptions=True)


def _poll_delay(submitted_at: datetime, now: datetime) -> timedelta:
    """About every second for 30 s, then every minute (the Dimona API's advice)."""
    return timedelta(seconds=1 if now - submitted_at < timedelta(seconds=30) else 60)


class PayrollHandlers:
    def __init__(
        self,
        uow: UnitOfWork,
        rules: RuleBook,
        gateways: dict[str, HiringDeclarationGateway],
        personal_data: PersonalDataCipher,
        settings: PayrollSettings,
        payslips: PayslipIssuer,
        clock: Clock,
        owner: str,
    ):
        self._clock = clock
        self._owner = owner
        """``gateways``: the hiring-declaration gateway of each declaration kind."""
        self._uow = uow
        self._rules = rules
        self._gateways = gateways
        self._personal_data = personal_data
        self._settings = settings
        self._identities = WorkerIdentityChannel(settings.worker_identity_key)
        self._payslips = payslips

    # --- personal data sealed at rest -----------------------------------------------------
    @property
    def rules(self) -> RuleBook:
        return self._rules

    def _sealed_job(self, job: JobSnapshot) -> dict[str, Any]:
        stored = job.model_dump(mode="json")
        return stored | {"worker": sealed_worker(stored["worker"], self._personal_data)}

    def _opened_job(self, stored: dict[str, Any]) -> JobSnapshot:
        worker = opened_worker(stored["worker"], self._personal_data)
        return JobSnapshot.model_validate(stored | {"worker": worker})

    def _opened_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """The declaration as sent: the worker's SSIN unsealed only for the gateway call."""
        if "ssin" not in body.get("worker", {}):
            return body
        return body | {"worker": {"ssin": self._personal_data.open(body["worker"]["ssin"])}}

    def _masked_ssin(self, sealed: str | None) -> str | None:
        return None if sealed is None else masked(self._personal_data.open(sealed), 3)

    # --- job declared → contract and hiring declaration -------------------------------
    async def on_job_declared(self, data: JobDeclared, envelope: Envelope, tx: Transaction) -> None:
        job = self._identities.opened_job(data.job)  # the worker's identity, for payroll only
        if await tx.collection(CONTRACTS).find_one({"job_id": job.job_id}, projection={"_id": 1}):
            return
        pack = self._rules.pack(job.entity, job.start_date)
        kind_of_contract = pack.value("contract_types")[job.contract_type.value]
        refusal = await self._hours_refusal(tx, job, pack, kind_of_contract)
        contract_id = str(uuid.uuid4())
        contract = {
            "_id": contract_id,
            "job_id": job.job_id,
            "member_id": job.member_id,
            "entity": job.entity,
            "contract_type": job.contract_type.value,
            "term": "fixed",
            "start_date": job.start_date.isoformat(),
            "end_date": job.end_date.isoformat(),
            "worked_days": job.worked_days,
            "planned_hours": job.planned_hours,
            "occupation_code": job.occupation_code,
            "employer_enterprise_number": self._settings.employer_enterprise_number,
            "worker": {
                "member_id": job.worker.member_id,
                "first_name": job.worker.first_name,
                "last_name": job.worker.last_name,
            },
            "job": self._sealed_job(job),
            "status": "refused" if refusal else "generated",
            "refusal": refusal,
            "created_at": self._clock.now(),
        }
        await tx.collection(CONTRACTS).insert_one(contract)
        if refusal:
            await tx.record_event(
                ContractRefused(
                    contract_id=contract_id,
                    job_id=job.job_id,
                    member_id=job.member_id,
                    reason=refusal,
                ),
                subject=contract_id,
                entity=job.entity,
                correlation_id=envelope.correlation_id,
            )
            return
        kind = pack.value("hiring_declaration")
        await tx.collection(HIRING_DECLARATIONS).insert_one(
            {
                "_id": str(uuid.uuid4()),
                "kind": kind,
                "contract_id": contract_id,
                "job_id": job.job_id,
                "member_id": job.member_id,
                "entity": job.entity,
                "status": "to_submit",
                "submit_after": self._earliest_submission(kind, job),
                "body": self._hiring_body(kind, job, kind_of_contract),
                "traceparent": envelope.traceparent,
                "created_at": self._clock.now(),
            }
        )
        await tx.record_event(
            ContractGenerated(
                contract_id=contract_id,
                job_id=job.job_id,
                member_id=job.member_id,
                entity=job.entity,
                contract_type=job.contract_type.value,
                start_date=job.start_date,
                end_date=job.end_date,
                job=self._identities.sealed_job(job),
            ),
            subject=contract_id,
            entity=job.entity,
            correlation_id=envelope.correlation_id,
        )

    def _hiring_body(
        self, kind: str, job: JobSnapshot, contract_kind: dict[str, Any]
    ) -> dict[str, Any]:
        if kind == "dpae":
            return dpae_body(
                siret=self._settings.employer_siret,
                first_name=job.worker.first_name,
                last_name=job.worker.last_name,
                hiring_date=job.start_date.isoformat(),
                end_date=job.end_date.isoformat(),
                contract_type=job.contract_type.value,
            )
        return dimona_in_body(
            enterprise_number=self._settings.employer_enterprise_number,
            joint_committee=self._settings.employer_joint_committee,
            ssin=self._personal_data.seal_optional(job.worker.national_register_number),
            first_name=job.worker.first_name,
            last_name=job.worker.last_name,
            start_date=job.start_date.isoformat(),
            end_date=job.end_date.isoformat(),
            worker_type=contract_kind["dimona_worker_type"],
            planned_hours=job.planned_hours,
        )

    def _earliest_submission(self, kind: str, job: JobSnapshot) -> datetime:
        """A DPAE is made within the 8 days before hiring; a Dimona as soon as possible."""
        if kind == "dpae":
            earliest = job.start_date - timedelta(days=DPAE_WINDOW_DAYS)
            return datetime(earliest.year, earliest.month, earliest.day, tzinfo=UTC)
        return self._clock.now()

    async def _hours_refusal(
        self, tx: Transaction, job: JobSnapshot, pack: RulePack, kind: dict[str, Any]
    ) -> str | None:
        """Students work at most the pack's hours a year at student rates: beyond, refused."""
        if "annual_hours_cap" not in kind:
            return None
        if job.planned_hours is None:
            return "planned hours are required for a student contract"
        cap = int(pack.value(kind["annual_hours_cap"]))
        year = job.start_date.year
        contracts = await tx.collection(CONTRACTS).find(
            {
                "member_id": job.member_id,
                "contract_type": job.contract_type.value,
                "status": "generated",
                "start_date": {"$gte": f"{year}-01-01", "$lte": f"{year}-12-31"},
            },
            projection={"planned_hours": 1},
        )
        used = sum(contract.get("planned_hours") or 0 for contract in contracts)
        if used + job.planned_hours > cap:
            return (
                f"student hours: {used} h already contracted in {year}; {job.planned_hours} h "
                f"more would exceed the {cap} h a year at student rates"
            )
        return None

    # --- job cancelled → the hiring declaration withdrawn or cancelled -------------------
    async def on_job_cancelled(
        self, data: JobCancelled, envelope: Envelope, tx: Transaction
    ) -> None:
        """The saga's compensation in payroll: the contract ends before it starts (its student
        hours are freed), the Dimona is withdrawn if not sent yet, cancelled if accepted."""
        contract = await tx.collection(CONTRACTS).find_one({"job_id": data.job_id})
        if contract is None or contract["status"] == "cancelled":
            return
        await tx.collection(CONTRACTS).update_one(
            {"_id": contract["_id"]},
            {
                "$set": {
                    "status": "cancelled",
                    "cancelled_at": self._clock.now(),
                    "reason": data.reason,
                }
            },
        )
        declaration = await tx.collection(HIRING_DECLARATIONS).find_one(
            {"contract_id": contract["_id"], "kind": {"$ne": CANCELLATION}}
        )
        if declaration is None:
            return
        if declaration["status"] == "to_submit":
            await tx.collection(HIRING_DECLARATIONS).update_one(
                {"_id": declaration["_id"], "status": "to_submit"},
                {"$set": {"status": "withdrawn"}},
            )
            await self._record_cancelled(tx, declaration, "withdrawn")
        elif declaration["status"] in ("submitting", "submitted"):
            await tx.collection(HIRING_DECLARATIONS).update_one(
                {"_id": declaration["_id"]}, {"$set": {"cancel_requested": True}}
            )
        elif declaration["status"] == "accepted":
            await self._request_cancellation(tx, declaration)

    async def _request_cancellation(self, tx: Transaction, declaration: dict[str, Any]) -> None:
        await tx.collection(HIRING_DECLARATIONS).insert_one(
            {
                "_id": str(uuid.uuid4()),
                "kind": CANCELLATION,
                "cancels": declaration["_id"],
                "contract_id": declaration["contract_id"],
                "job_id": declaration["job_id"],
                "member_id": declaration["member_id"],
                "entity": declaration["entity"],
                "status": "to_submit",
                "body": dimona_cancel_body(period_id=declaration.get("period_id")),
                "traceparent": declaration.get("traceparent"),
                "created_at": self._clock.now(),
            }
        )

    async def _record_cancelled(
        self, tx: Transaction, declaration: dict[str, Any], result: str
    ) -> None:
        await tx.record_event(
            HiringDeclarationCancelled(
                declaration_id=declaration["_id"],
                kind=declaration["kind"],
                contract_id=declaration["contract_id"],
                job_id=declaration["job_id"],
                result=result,
            ),
            subject=declaration["_id"],
            entity=declaration["entity"],
            correlation_id=declaration["job_id"],
            traceparent=declaration.get("traceparent"),
        )

    # --- hiring declarations: submit, then poll -----------------------------------------
    async def process_hiring_declarations(self) -> None:
        """Submit what is new, poll what is due: calls run concurrently, one commit per batch."""
        to_submit = await self._claim_submissions()
        if to_submit:
            submitted = await _concurrently(
                [self._submit_once(declaration) for declaration in to_submit]
            )
            await self._mark_submitted(to_submit, submitted)
        due = await self._uow.find(
            HIRING_DECLARATIONS,
            {"status": "submitted", "next_poll_at": {"$lte": self._clock.now()}},
            limit=GATEWAY_BATCH,
        )
        if due:
            results = await _concurrently(
                [
                    self._gateway_of(declaration).result(declaration["external_id"])
                    for declaration in due
                ]
            )
            await self._uow.run(lambda tx: self._record_results(tx, due, results))

    async def _claim_submissions(self) -> list[dict[str, Any]]:
        """Claim declarations to submit: new ones, and those whose submission may have gone
        out without being recorded (the claim's lease expired: the process died or stalled).

        A few commands per batch, not per declaration: the candidates are read, marked with
        this claim's token by one ``update_many`` that checks again that each is claimable
        (atomic per declaration, so two claimers never take the same one), and read back by
        token."""
        now = self._clock.now()
        token = uuid.uuid4().hex
        due = {"$or": [{"submit_after": {"$exists": False}}, {"submit_after": {"$lte": now}}]}
        candidates: list[str] = []
        # one query per status, each served by the status index (an $or of both would read
        # every declaration ever made)
        for claimable in (
            {"status": "to_submit", **due},
            {"status": "submitting", "lease_until": {"$lte": now}},
        ):
            found = await self._uow.find(
                HIRING_DECLARATIONS,
                claimable,
                projection={"_id": True},
                limit=GATEWAY_BATCH - len(candidates),
            )
            if not found:
                continue
            ids = [declaration["_id"] for declaration in found]
            claim = {
                "$set": {
                    "status": "submitting",
                    "claim": token,
                    "lease_owner": self._owner,
                    "lease_until": now + timedelta(seconds=self._settings.submission_lease_seconds),
                },
                "$inc": {"submission_claims": 1},
            }
            await self._mark_declarations({**claimable, "_id": {"$in": ids}}, claim)
            candidates += ids
            if len(candidates) >= GATEWAY_BATCH:
                break
        if not candidates:
            return []
        return await self._uow.find(
            HIRING_DECLARATIONS, {"_id": {"$in": candidates}, "claim": token}
        )

    async def _mark_declarations(self, query: Document, update: Document) -> None:
        """One ``update_many`` outside a transaction (atomic per declaration)."""

        async def mark(database: AsyncDatabase[Document]) -> None:
            await database[HIRING_DECLARATIONS].update_many(query, update)

        await self._uow.single(mark)

    async def _submit_once(self, declaration: dict[str, Any]) -> str:
        """Submit under the declaration's id; a declaration claimed before (its submission may
        have gone out) is first looked up at the gateway, never filed twice."""
        gateway = self._gateway_of(declaration)
        reference = f"{declaration['_id']}:{declaration.get('resubmissions', 0)}"
        if declaration.get("submission_claims", 1) > 1:
            found = await gateway.find(reference)
            if found is not None:
                log.info("%s had reached the gateway already (%s)", declaration["_id"], found)
                return found
        return await gateway.submit(self._opened_body(declaration["body"]), reference)

    def _gateway_of(self, declaration: dict[str, Any]) -> HiringDeclarationGateway:
        kind = (
            "dimona" if declaration["kind"] in (CANCELLATION, UPDATE_KIND) else declaration["kind"]
        )
        return self._gateways[kind]

    async def _mark_submitted(
        self, declarations: list[dict[str, Any]], external_ids: list[Any]
    ) -> None:
        """One command for the batch, no transaction: each mark is atomic and conditional
        (still ``submitting``), so repeating it is harmless."""
        now = self._clock.now()
        marks = []
        for declaration, external_id in zip(declarations, external_ids, strict=True):
            if isinstance(external_id, BaseException):
                # it may have gone out: claimed again once the lease expires, looked up first
                log.warning("submitting %s failed: %s", declaration["_id"], external_id)
                continue
            marks.append(
                UpdateOne(
                    {"_id": declaration["_id"], "status": "submitting"},
                    {
                        "$set": {
                            "status": "submitted",
                            "external_id": external_id,
                            "submitted_at": now,
                            "next_poll_at": now + timedelta(seconds=0.5),
                        }
                    },
                )
            )
        if marks:
            await self._uow.single(lambda database: database[HIRING_DECLARATIONS].bulk_write(marks))

    async def _record_results(
        self, tx: Transaction, declarations: list[dict[str, Any]], results: list[Any]
    ) -> None:
        """Next polls and conclusions of a batch in two commands (which declarations are still
        submitted, then every change at once), then what each conclusion sets off."""
        now = self._clock.now()
        changes = []
        answered: list[tuple[dict[str, Any], DeclarationResult]] = []
        for declaration, result in zip(declarations, results, strict=True):
            if isinstance(result, BaseException):
                log.warning("polling %s failed: %s", declaration["_id"], result)
                continue
            if result is None or not (result.accepted or result.refused):
                submitted_at = declaration["submitted_at"]
                if submitted_at.tzinfo is None:
                    submitted_at = submitted_at.replace(tzinfo=UTC)
                changes.append(
                    UpdateOne(
                        {"_id": declaration["_id"]},
                        {
                            "$set": {
                                "next_poll_at": now + _poll_delay(submitted_at, now),
                                "last_result": result.result if result else None,
                            }
                        },
                    )
                )
                continue
            answered.append((declaration, result))
        still_submitted: set[str] = set()
        if answered:
            rows = await tx.collection(HIRING_DECLARATIONS).find(
                {"_id": {"$in": [d["_id"] for d, _ in answered]}, "status": "submitted"},
                projection={"_id": True},
            )
            still_submitted = {row["_id"] for row in rows}
        concluded = [(d, result) for d, result in answered if d["_id"] in still_submitted]
        for declaration, result in concluded:
            changes.append(
                UpdateOne(
                    {"_id": declaration["_id"], "status": "submitted"},
                    {
                        "$set": {
                            "status": "accepted" if result.accepted else "refused",
                            "result": result.result,
                            "period_id": result.period_id,
                            "anomalies": result.anomalies,
                            "concluded_at": now,
                        }
                    },
                )
            )
        await tx.collection(HIRING_DECLARATIONS).bulk_write(changes)
        for declaration, result in concluded:
            await self._conclude(tx, declaration, result)

    async def _conclude(
        self, tx: Transaction, declaration: dict[str, Any], result: DeclarationResult
    ) -> None:
        """What an answer sets off once recorded: the cancellation's end, a cancellation
        asked meanwhile, the accepted or refused event."""
        if declaration["kind"] == CANCELLATION:
            await self._record_cancelled(tx, declaration, result.result)
            return
        if result.accepted and declaration.get("cancel_requested"):
            await self._request_cancellation(tx, declaration | {"period_id": result.period_id})
        event: HiringDeclarationAccepted | HiringDeclarationRefused
        if result.accepted:
            event = HiringDeclarationAccepted(
                declaration_id=declaration["_id"],
                kind=declaration["kind"],
                contract_id=declaration["contract_id"],
                job_id=declaration["job_id"],
                result=result.result,
                external_id=result.declaration_id,
            )
        else:
            event = HiringDeclarationRefused(
                declaration_id=declaration["_id"],
                kind=declaration["kind"],
                contract_id=declaration["contract_id"],
                job_id=declaration["job_id"],
                anomalies=result.anomalies,
            )
        # the poll runs in the background: the event joins the saga's trace explicitly
        await tx.record_event(
            event,
            subject=declaration["_id"],
            entity=declaration["entity"],
            correlation_id=declaration["job_id"],
            traceparent=declaration.get("traceparent"),
        )

    # --- paid or guaranteed → payslip, payment order, periodic declaration --------------
    async def on_payment_received(
        self, data: PaymentReceived, envelope: Envelope, tx: Transaction
    ) -> None:
        await self._pay(tx, envelope, data.job_id, trigger="payment_received", on=data.value_date)

    async def on_salary_guaranteed(
        self, data: SalaryGuaranteed, envelope: Envelope, tx: Transaction
    ) -> None:
        await self._pay(
            tx, envelope, data.job_id, trigger="salary_guaranteed", on=data.guarantee_date
        )

    async def _pay(
        self, tx: Transaction, envelope: Envelope, job_id: str, *, trigger: str, on: date
    ) -> None:
        contract = await tx.collection(CONTRACTS).find_one({"job_id": job_id})
        if contract is None:
            raise LookupError(f"no contract for job {job_id}")
        if contract["status"] != "generated":
            log.warning("no payslip for job %s: its contract is %s", job_id, contract["status"])
            return
        if await tx.collection(PAYSLIPS).find_one(
            {"contract_id": contract["_id"]}, projection={"_id": 1}
        ):
            return  # the first of payment received / salary guaranteed pays; the other does not
        job = self._opened_job(contract["job"])
        pack = self._rules.pack(job.entity, job.end_date)
        situation, _ = declared_situation(job.worker)
        await self._payslips.issue(
            tx,
            contract_id=contract["_id"],
            occupation=Occupation.of_job(job),
            slip=job_payslip(job, pack, situation),
            pack=pack,
            trigger=trigger,
            paid_on=on,
            correlation_id=envelope.correlation_id,
        )

    # --- queries --------------------------------------------------------------------------
    async def _visible(
        self, collection: str, query: dict[str, Any], principal: Principal
    ) -> dict[str, Any]:
        what = collection.rstrip("s").replace("_", " ")
        return await find_visible(self._uow, collection, query, principal, what)

    async def contract(self, principal: Principal, contract_id: str) -> dict[str, Any]:
        contract = await self._visible(CONTRACTS, {"_id": contract_id}, principal)
        return public_document(contract, "contract_id", hidden=("job", "worker_snapshot"))

    async def contracts_of_job(self, principal: Principal, job_id: str) -> list[dict[str, Any]]:
        contract = await self._visible(CONTRACTS, {"job_id": job_id}, principal)
        return [public_document(contract, "contract_id", hidden=("job", "worker_snapshot"))]

    async def declarations(self, principal: Principal, contract_id: str) -> list[dict[str, Any]]:
        contract = await self._visible(CONTRACTS, {"_id": contract_id}, principal)
        hiring = await self._uow.find(HIRING_DECLARATIONS, {"contract_id": contract["_id"]})
        lines = await self._uow.find(DECLARATION_LINES, {"contract_id": contract["_id"]})
        result = []
        for declaration in hiring:
            body = declaration["body"]
            if "ssin" in body.get("worker", {}):
                body["worker"] = {"ssin": self._masked_ssin(body["worker"]["ssin"])}
            result.append(public_document(declaration, "declaration_id"))
        for line in lines:
            periodic = await self._uow.find_one(
                PERIODIC_DECLARATIONS, {"_id": line["declaration_id"]}
            )
            assert periodic is not None
            line["worker"]["ssin"] = self._masked_ssin(line["worker"]["ssin"])
            result.append(
                {
                    "declaration_id": periodic["_id"],
                    "kind": periodic["kind"],
                    "period": periodic["period"],
                    "status": periodic["status"],
                    "contract_id": contract["_id"],
                    "line": public_document(line, "line_id"),
                }
            )
        return result

    async def resubmit(
        self, principal: Principal, declaration_id: str, correction: CorrectionIn
    ) -> dict[str, Any]:
        """A counsellor corrects a refused hiring declaration and submits it again; the job,
        blocked on its timeline, continues once it is accepted."""
        if not principal.is_staff:
            raise Forbidden("a counsellor or an administrator corrects refused declarations")
        declaration = await self._uow.find_one(HIRING_DECLARATIONS, {"_id": declaration_id})
        if declaration is None or declaration["entity"] != principal.entity:
            raise NotFound("no such declaration")
        if declaration["status"] != "refused" or declaration["kind"] in (CANCELLATION, UPDATE_KIND):
            raise Conflict(
                f"the declaration is {declaration['status']}: only a refused hiring declaration"
            )
        body = declaration["body"]
        if correction.national_register_number is not None:
            try:
                ssin = belgian_national_number.validate(correction.national_register_number)
            except ValidationError as error:
                raise Unprocessable(
                    f"national_register_number: not a valid Belgian national register number "
                    f"({error})"
                ) from error
            body["worker"] = {"ssin": self._personal_data.seal(ssin)}
        else:
            ssin = None
        if correction.planned_hours is not None:
            body["dimonaIn"]["plannedHoursNumber"] = correction.planned_hours

        async def resubmit(tx: Transaction) -> dict[str, Any]:
            changed = await tx.collection(HIRING_DECLARATIONS).update_one(
                {"_id": declaration_id, "status": "refused"},
                {
                    "$set": {"status": "to_submit", "body": body, "submission_claims": 0},
                    "$inc": {"resubmissions": 1},
                    "$push": {
                        "history": {
                            "result": declaration.get("result"),
                            "anomalies": declaration.get("anomalies"),
                            "corrected_by": principal.subject,
                            "corrected_at": self._clock.now(),
                        }
                    },
                },
            )
            if not changed:
                raise Conflict("the declaration changed meanwhile")
            if ssin is not None:
                await self._correct_worker_number(tx, declaration, ssin)
            stored = await tx.collection(HIRING_DECLARATIONS).find_one({"_id": declaration_id})
            assert stored is not None
            if "ssin" in stored["body"]["worker"]:
                stored["body"]["worker"] = {
                    "ssin": self._masked_ssin(stored["body"]["worker"]["ssin"])
                }
            return public_document(stored, "declaration_id")

        return await self._uow.run(resubmit)

    async def _correct_worker_number(
        self, tx: Transaction, declaration: dict[str, Any], ssin: str
    ) -> None:
        """The corrected number goes where the worker's number is used later (the contract's
        job: payslip and DmfA line) and back to members (the member's profile)."""
        await tx.collection(CONTRACTS).update_one(
            {"_id": declaration["contract_id"]},
            {"$set": {"job.worker.national_register_number": self._personal_data.seal(ssin)}},
        )
        await tx.record_event(
            WorkerIdentityCorrected(
                declaration_id=declaration["_id"],
                job_id=declaration["job_id"],
                member_id=declaration["member_id"],
                national_register_number=self._identities.seal_number(ssin),
            ),
            subject=declaration["member_id"],
            entity=declaration["entity"],
            correlation_id=declaration["job_id"],
        )

    def _employer(self) -> dict[str, str]:
        settings = self._settings
        return {
            "name": settings.employer_name,
            "enterprise_number": settings.employer_registration,
            "address": f"{settings.employer_street}, {settings.employer_postal_code} "
            f"{settings.employer_city}",
        }

    async def payslip_pdf(
        self, principal: Principal, payslip_id: str, language: str | None
    ) -> bytes:
        payslip = await self._visible(PAYSLIPS, {"_id": payslip_id}, principal)
        contract = await self._uow.find_one(CONTRACTS, {"_id": payslip["contract_id"]})
        assert contract is not None
        language = language or _language_of(contract)
        worker = contract["worker"]
        shown = public_document(payslip, "payslip_id") | {
            "worker_name": f"{worker['first_name']} {worker['last_name']}",
            "contract_type": contract["contract_type"],
        }
        return render_payslip(shown, self._employer(), language)

    async def contract_pdf(
        self, principal: Principal, contract_id: str, language: str | None
    ) -> bytes:
        contract = await self._visible(CONTRACTS, {"_id": contract_id}, principal)
        language = language or _language_of(contract)
        if "job" not in contract:  # a long contract: its months are paid one by one
            shown = public_document(contract, "contract_id", hidden=("worker_snapshot",)) | {
                "worked_days": "—",
                "joint_committee": self._settings.employer_joint_committee,
                "currency": contract["plan"]["currency"],
                "estimated_gross": None,
            }
            return render_contract(shown, self._employer(), language)
        job = self._opened_job(contract["job"])
        estimated = None
        try:
            pack = self._rules.pack(job.entity, job.end_date)
            estimated = str(job_payslip(job, pack, TaxSituation()).gross)
        except (RuleNotConfigured, ValueError):
            pass
        shown = public_document(contract, "contract_id", hidden=("job",)) | {
            "description": job.description,
            "joint_committee": (
                self._settings.employer_joint_committee if job.entity == "BE" else None
            ),
            "currency": job.currency,
            "estimated_gross": estimated,
        }
        return render_contract(shown, self._employer(), language)

    async def periodic_declarations(
        self, principal: Principal, entity: str | None, period: str | None
    ) -> list[dict[str, Any]]:
        if not principal.is_staff:
            raise Forbidden("periodic declarations are the back office's")
        query: dict[str, Any] = {"entity": principal.entity}
        if entity and entity != principal.entity:
            return []
        if period:
            query["period"] = period
        found = await self._uow.find(PERIODIC_DECLARATIONS, query, sort=[("period", 1)])
        return [_public_periodic(declaration) for declaration in found]

    async def periodic_declaration_file(
        self, principal: Principal, declaration_id: str
    ) -> tuple[str, bytes]:
        """The declaration's file, rebuilt from its lines: the same lines, the same bytes."""
        if not principal.is_staff:
            raise Forbidden("periodic declarations are the back office's")
        declaration = await self._uow.find_one(PERIODIC_DECLARATIONS, {"_id": declaration_id})
        if declaration is None or declaration["entity"] != principal.entity:
            raise NotFound("no such periodic declaration")
        stored = await self._uow.find(
            DECLARATION_LINES, {"declaration_id": declaration_id}, sort=[("_id", 1)]
        )
        try:
            return declaration_file(
                declaration, stored, self._personal_data.open_optional, self._settings
            )
        except NoFileFormat as error:
            raise Unprocessable(str(error)) from error

    async def payslip(self, principal: Principal, payslip_id: str) -> dict[str, Any]:
        payslip = await self._visible(PAYSLIPS, {"_id": payslip_id}, principal)
        order = await self._uow.find_one(PAYMENT_ORDERS, {"payslip_id": payslip_id})
        public = public_document(payslip, "payslip_id")
        if order is not None:
            order["creditor"]["iban"] = masked(self._personal_data.open(order["creditor"]["iban"]))
            public["payment_order"] = public_document(order, "payment_order_id")
        return public


def _language_of(contract: dict[str, Any]) -> str:
    """The member's language, as declared with the job (French by default)."""
    worker = contract["job"]["worker"] if "job" in contract else contract["worker_snapshot"]
    language = worker.get("language", "fr")
    return language if language in ("fr", "nl", "en") else "fr"


def _public_periodic(declaration: dict[str, Any]) -> dict[str, Any]:
    return {
        "declaration_id": declaration["_id"],
        "entity": declaration["entity"],
        "kind": declaration["kind"],
        "period": declaration["period"],
        "status": declaration["status"],
        "lines": declaration["lines"],
        "total_gross": f"{Decimal(declaration['total_gross_cents']) / 100:.2f}",
        "total_employee_contribution": (
            f"{Decimal(declaration['total_employee_contribution_cents']) / 100:.2f}"
        ),
        "total_employer_contribution": (
            f"{Decimal(declaration['total_employer_contribution_cents']) / 100:.2f}"
        ),
    }
