"""A salary from an activity's budget was approved (activities service): it becomes one of
the member's jobs, with its timeline, and is declared to payroll with the worker's identity
— which only members holds."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.activities import SalaryRequested
from smart_common.events.envelope import Envelope
from smart_common.events.members import ContractType, SalaryRequestDeclared
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import USERS, Jobs
from smart_members.domain.jobs import SALARY_REQUEST, JobStatus, Step
from smart_members.use_cases.snapshots import WorkerSnapshots


class OnSalaryRequested(EventReaction):
    consumer = "members-salary-requests"
    handles = (SalaryRequested,)
    raises = (SalaryRequestDeclared,)

    def __init__(self, workers: WorkerSnapshots):
        self._workers = workers

    async def handle(self, data: SalaryRequested, envelope: Envelope, tx: Transaction) -> None:
        jobs = Jobs(tx)
        if await jobs.get(data.salary_request_id) is not None:
            return
        user = await tx.collection(USERS).find_one({"_id": data.member_id})
        if user is None or user["entity"] != data.entity:
            raise LookupError(
                f"salary request {data.salary_request_id}: no member {data.member_id}"
            )
        period = data.period
        now = tx.clock.now()
        await jobs.add(
            {
                "_id": data.salary_request_id,
                "kind": SALARY_REQUEST,
                "member_id": data.member_id,
                "client_id": None,
                "entity": data.entity,
                "description": data.description,
                "occupation_code": data.occupation_code,
                "start_date": period.start_date.isoformat(),
                "end_date": period.end_date.isoformat(),
                "worked_days": period.worked_days,
                "amount_excl_vat": str(data.budget),
                "currency": data.currency,
                "contract_type": data.contract_type,
                "expenses": str(data.expenses),
                "activity_id": data.activity_id,
                "activity_mode": "budget",
                "status": JobStatus.DECLARED.value,
                "declared_at": now,
                "timeline": [
                    {"step": Step.DECLARED.value, "at": now, "document_id": data.salary_request_id}
                ],
            }
        )
        await tx.record_event(
            SalaryRequestDeclared(
                salary_request_id=data.salary_request_id,
                activity_id=data.activity_id,
                member_id=data.member_id,
                entity=data.entity,
                worker=self._workers.of(user),
                contract_type=ContractType(data.contract_type),
                occupation_code=data.occupation_code,
                description=data.description,
                period=period,
                budget=data.budget,
                currency=data.currency,
                expenses=data.expenses,
            ),
            subject=data.salary_request_id,
            entity=data.entity,
            correlation_id=envelope.correlation_id,
        )
