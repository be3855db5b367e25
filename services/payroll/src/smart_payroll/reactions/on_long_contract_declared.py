"""A long contract is declared: its employment contract is generated with its smoothed plan
(or refused, with the reason), and the worker's hiring declared once for all its months."""

from __future__ import annotations

import uuid

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.members import LongContractDeclared
from smart_common.events.payroll import ContractRefused, LongContractGenerated
from smart_common.persistence import Transaction
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_common.worker_identity import WorkerIdentityChannel
from smart_payroll.adapters.repositories import Contracts, HiringDeclarations
from smart_payroll.countries.hiring import Hire, hiring_declaration
from smart_payroll.countries.payslips import smoothing_method
from smart_payroll.domain.long_contracts import LONG
from smart_payroll.domain.periods import months_from
from smart_payroll.domain.smoothing import smoothed_plan
from smart_payroll.settings import PayrollSettings
from smart_payroll.workers import WorkerFiles


class OnLongContractDeclared(EventReaction):
    consumer = "payroll-contracts"
    handles = (LongContractDeclared,)
    raises = (LongContractGenerated, ContractRefused)

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

    async def handle(self, data: LongContractDeclared, envelope: Envelope, tx: Transaction) -> None:
        contracts = Contracts(tx)
        if await contracts.exists_for_job(data.long_contract_id):
            return
        contract_id = str(uuid.uuid4())
        pack = self._rules.pack(data.entity, data.start_date)
        refusal = None
        try:
            kind = pack.value("contract_types")[data.contract_type.value]
            smoothing_method(pack)
            smoothed_plan(
                data.forecast, [], pack.decimal("contribution_rate"), data.monthly_expenses
            )
        except (KeyError, RuleNotConfigured, ValueError) as error:
            refusal = f"the long contract cannot be paid: {error}"
        opened = self._identities.opened(data.worker)  # the worker's identity, for payroll only
        worker = self._workers.sealed_worker(opened)
        now = self._clock.now()
        await contracts.add(
            {
                "_id": contract_id,
                "job_id": data.long_contract_id,
                "member_id": data.member_id,
                "entity": data.entity,
                "contract_type": data.contract_type.value,
                "term": LONG,
                "description": data.description,
                "start_date": data.start_date.isoformat(),
                "end_date": data.end_date.isoformat(),
                "occupation_code": data.occupation_code,
                "employer_enterprise_number": self._settings.employer_enterprise_number,
                "worker": {
                    "member_id": data.member_id,
                    "first_name": data.worker.first_name,
                    "last_name": data.worker.last_name,
                },
                "worker_snapshot": worker,
                "plan": {
                    "months": months_from(data.start_date, len(data.forecast)),
                    "forecast": [str(amount) for amount in data.forecast],
                    "actuals": [],
                    "monthly_expenses": str(data.monthly_expenses),
                    "currency": data.currency,
                    "paid_budgets": [],
                },
                "status": "refused" if refusal else "generated",
                "refusal": refusal,
                "created_at": now,
            }
        )
        if refusal:
            await tx.record_event(
                ContractRefused(
                    contract_id=contract_id,
                    job_id=data.long_contract_id,
                    member_id=data.member_id,
                    reason=refusal,
                ),
                subject=contract_id,
                entity=data.entity,
                correlation_id=envelope.correlation_id,
            )
            return
        scheme_name = pack.value("hiring_declaration")
        hire = Hire(
            first_name=data.worker.first_name,
            last_name=data.worker.last_name,
            sealed_ssin=worker["national_register_number"],
            start_date=data.start_date,
            end_date=data.end_date,
            contract_type=data.contract_type.value,
            worker_type=kind.get("dimona_worker_type"),
        )
        await HiringDeclarations(tx).add(
            hiring_declaration(
                scheme_name,
                hire,
                {
                    "contract_id": contract_id,
                    "job_id": data.long_contract_id,
                    "member_id": data.member_id,
                    "entity": data.entity,
                    "traceparent": envelope.traceparent,
                },
                self._settings,
                now,
            )
        )
        await tx.record_event(
            LongContractGenerated(
                contract_id=contract_id,
                job_id=data.long_contract_id,
                member_id=data.member_id,
                entity=data.entity,
                contract_type=data.contract_type.value,
                start_date=data.start_date,
                end_date=data.end_date,
                months=len(data.forecast),
            ),
            subject=contract_id,
            entity=data.entity,
            correlation_id=envelope.correlation_id,
        )
