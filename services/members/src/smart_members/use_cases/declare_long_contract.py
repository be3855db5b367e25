"""A member declares a long contract: payroll generates it, declares it and pays it month by
month, a salary smoothed from the activity's forecast; its timeline is the member's like a
job's."""

from __future__ import annotations

import uuid
from decimal import Decimal

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.members import LongContractDeclared
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Forbidden, NotFound, Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_members.adapters.repositories import USERS, Jobs
from smart_members.domain.jobs import JobStatus, Step
from smart_members.domain.long_contracts import contract_dates, forecast_problem
from smart_members.payroll_terms import PayrollTermsInForce
from smart_members.schemas import Job, LongContractIn
from smart_members.use_cases.snapshots import WorkerSnapshots


class DeclareLongContract(UseCase):
    raises = (LongContractDeclared,)

    def __init__(
        self,
        uow: UnitOfWork,
        rules: RuleBook,
        terms: PayrollTermsInForce,
        clock: Clock,
        workers: WorkerSnapshots,
    ):
        self._uow = uow
        self._rules = rules
        self._terms = terms
        self._clock = clock
        self._workers = workers

    async def __call__(
        self, member_id: str, contract: LongContractIn, idempotency_key: str | None
    ) -> tuple[Job, bool]:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        if user.get("email_verified_at", True) is None:
            raise Forbidden("verify your e-mail address first (the link we sent)")
        if problem := forecast_problem(contract.forecast):
            raise Unprocessable(problem)
        start, end = contract_dates(contract.start_month, len(contract.forecast))
        entity = user["entity"]
        try:
            currency = self._rules.pack(entity, start).value("currency")
        except RuleNotConfigured as error:
            raise Unprocessable(f"rates not configured: {error}") from error
        kinds = (await self._terms.on(entity, start)).kinds
        monthly = sorted(name for name, kind in kinds.items() if kind.long_contract)
        if contract.contract_type.value not in monthly:
            raise Unprocessable(
                f"contract_type: a long contract of entity {entity} is one of {', '.join(monthly)}"
                if monthly
                else f"rates not configured: payroll cannot pay a salary month by month "
                f"in entity {entity} yet"
            )

        async def create(tx: Transaction) -> Job:
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
                    worker=self._workers.of(user),
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
            return Job.of(document)

        return await run_idempotent_as(
            Job,
            self._uow,
            scope=f"long-contract:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(contract),
            create=create,
        )
