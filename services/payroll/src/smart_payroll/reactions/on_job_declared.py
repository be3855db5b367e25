"""A job is declared: its employment contract is generated (or refused, with the reason) and
its hiring declaration prepared under the entity's scheme — unless its activity is in budget
mode: then its revenue stays in the budget and nothing is generated."""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.members import JobDeclared, JobSnapshot
from smart_common.events.payroll import ContractGenerated, ContractRefused
from smart_common.persistence import Transaction
from smart_common.rulepacks import RuleBook, RulePack
from smart_common.worker_identity import WorkerIdentityChannel
from smart_payroll.adapters.repositories import BudgetJobs, Contracts, HiringDeclarations
from smart_payroll.countries.hiring import Hire, hiring_declaration
from smart_payroll.settings import PayrollSettings
from smart_payroll.workers import WorkerFiles


class OnJobDeclared(EventReaction):
    consumer = "payroll-contracts"
    handles = (JobDeclared,)
    raises = (ContractGenerated, ContractRefused)

    def __init__(
        self,
        rules: RuleBook,
        workers: WorkerFiles,
        identities: WorkerIdentityChannel,
        settings: PayrollSettings,
        clock: Clock,
    ):
        self._rules = rules
        self._workers = workers
        self._identities = identities
        self._settings = settings
        self._clock = clock

    async def handle(self, data: JobDeclared, envelope: Envelope, tx: Transaction) -> None:
        job = self._identities.opened_job(data.job)  # the worker's identity, for payroll only
        if job.activity_mode == "budget":  # its revenue stays in the activity's budget
            await BudgetJobs(tx).add(
                {
                    "_id": job.job_id,
                    "member_id": job.member_id,
                    "entity": job.entity,
                    "job": self._workers.sealed_job(job),
                    "created_at": self._clock.now(),
                }
            )
            return
        contracts = Contracts(tx)
        if await contracts.exists_for_job(job.job_id):
            return
        pack = self._rules.pack(job.entity, job.start_date)
        kind_of_contract = pack.value("contract_types")[job.contract_type.value]
        refusal = await _hours_refusal(contracts, job, pack, kind_of_contract)
        contract_id = str(uuid.uuid4())
        now = self._clock.now()
        await contracts.add(
            {
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
                "job": self._workers.sealed_job(job),
                "status": "refused" if refusal else "generated",
                "refusal": refusal,
                "created_at": now,
            }
        )
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
        hire = Hire(
            first_name=job.worker.first_name,
            last_name=job.worker.last_name,
            sealed_ssin=self._workers.sealed_number(
                job.worker.national_register_number, job.worker.member_id
            ),
            start_date=job.start_date,
            end_date=job.end_date,
            contract_type=job.contract_type.value,
            worker_type=kind_of_contract.get("dimona_worker_type"),
            planned_hours=job.planned_hours,
        )
        await HiringDeclarations(tx).add(
            hiring_declaration(
                kind,
                hire,
                {
                    "contract_id": contract_id,
                    "job_id": job.job_id,
                    "member_id": job.member_id,
                    "entity": job.entity,
                    "traceparent": envelope.traceparent,
                },
                self._settings,
                now,
            )
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


async def _hours_refusal(
    contracts: Contracts, job: JobSnapshot, pack: RulePack, kind: dict[str, Any]
) -> str | None:
    """Students work at most the pack's hours a year at student rates: beyond, refused."""
    if "annual_hours_cap" not in kind:
        return None
    if job.planned_hours is None:
        return "planned hours are required for a student contract"
    cap = int(pack.value(kind["annual_hours_cap"]))
    year = job.start_date.year
    used = await contracts.hours_contracted(job.member_id, job.contract_type.value, year)
    if used + job.planned_hours > cap:
        return (
            f"student hours: {used} h already contracted in {year}; {job.planned_hours} h "
            f"more would exceed the {cap} h a year at student rates"
        )
    return None
