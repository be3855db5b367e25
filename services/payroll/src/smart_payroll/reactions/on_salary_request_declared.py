"""A salary from an activity's budget is declared: its employment contract is generated with
the budget it pays (or refused when that budget cannot pay a salary, with the figures), and
the worker's hiring declared. Its payslip follows the declaration's acceptance."""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.members import SalaryRequestDeclared
from smart_common.events.payroll import ContractRefused, SalaryContractGenerated
from smart_common.persistence import Transaction
from smart_common.rulepacks import RuleNotConfigured
from smart_common.worker_identity import WorkerIdentityChannel
from smart_payroll.adapters.repositories import Contracts, HiringDeclarations
from smart_payroll.budget_salaries import BUDGET, BudgetSalaries, budget_payslip
from smart_payroll.countries.hiring import Hire, hiring_declaration
from smart_payroll.settings import PayrollSettings
from smart_payroll.workers import WorkerFiles


class OnSalaryRequestDeclared(EventReaction):
    consumer = "payroll-contracts"
    handles = (SalaryRequestDeclared,)
    raises = (SalaryContractGenerated, ContractRefused)

    def __init__(
        self,
        salaries: BudgetSalaries,
        workers: WorkerFiles,
        identities: WorkerIdentityChannel,
        settings: PayrollSettings,
        clock: Clock,
    ):
        self._salaries = salaries
        self._workers = workers
        self._identities = identities
        self._settings = settings
        self._clock = clock

    async def handle(
        self, data: SalaryRequestDeclared, envelope: Envelope, tx: Transaction
    ) -> None:
        contracts = Contracts(tx)
        if await contracts.exists_for_job(data.salary_request_id):
            return
        opened = self._identities.opened(data.worker)  # the worker's identity, for payroll only
        worker = self._workers.sealed_worker(opened)
        period = data.period
        contract_id = str(uuid.uuid4())
        now = self._clock.now()
        contract: dict[str, Any] = {
            "_id": contract_id,
            "job_id": data.salary_request_id,
            "activity_id": data.activity_id,
            "member_id": data.member_id,
            "entity": data.entity,
            "contract_type": data.contract_type.value,
            "term": BUDGET,
            "description": data.description,
            "start_date": period.start_date.isoformat(),
            "end_date": period.end_date.isoformat(),
            "worked_days": period.worked_days,
            "occupation_code": data.occupation_code,
            "employer_enterprise_number": self._settings.employer_enterprise_number,
            "worker": {
                "member_id": data.member_id,
                "first_name": opened.first_name,
                "last_name": opened.last_name,
            },
            "worker_snapshot": worker,
            "budget": str(data.budget),
            "expenses": str(data.expenses),
            "currency": data.currency,
            "status": "generated",
            "refusal": None,
            "created_at": now,
        }
        try:
            pack = self._salaries.pack_of(contract)
            kind = pack.value("contract_types")[data.contract_type.value]
            budget_payslip(contract, pack, self._workers)  # what it will pay, checked now
        except (KeyError, RuleNotConfigured, ValueError) as error:
            refusal = f"the salary cannot be paid from {data.budget} {data.currency}: {error}"
            await contracts.add({**contract, "status": "refused", "refusal": refusal})
            await tx.record_event(
                ContractRefused(
                    contract_id=contract_id,
                    job_id=data.salary_request_id,
                    member_id=data.member_id,
                    reason=refusal,
                ),
                subject=contract_id,
                entity=data.entity,
                correlation_id=envelope.correlation_id,
            )
            return
        await contracts.add(contract)
        await HiringDeclarations(tx).add(
            hiring_declaration(
                pack.value("hiring_declaration"),
                Hire(
                    first_name=opened.first_name,
                    last_name=opened.last_name,
                    sealed_ssin=worker["national_register_number"],
                    start_date=period.start_date,
                    end_date=period.end_date,
                    contract_type=data.contract_type.value,
                    worker_type=kind.get("dimona_worker_type"),
                ),
                {
                    "contract_id": contract_id,
                    "job_id": data.salary_request_id,
                    "member_id": data.member_id,
                    "entity": data.entity,
                    "traceparent": envelope.traceparent,
                },
                self._settings,
                now,
            )
        )
        await tx.record_event(
            SalaryContractGenerated(
                contract_id=contract_id,
                job_id=data.salary_request_id,
                activity_id=data.activity_id,
                member_id=data.member_id,
                entity=data.entity,
                contract_type=data.contract_type.value,
                start_date=period.start_date,
                end_date=period.end_date,
                budget=data.budget,
            ),
            subject=contract_id,
            entity=data.entity,
            correlation_id=envelope.correlation_id,
        )
