"""Issuing a payslip, whatever it pays (a job, a month of a long contract): the payslip with
its cumulative figures, the salary payment order, the line of the period's social declaration
(DmfA quarter or DSN month) and their events — all in the caller's transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from smart_common.clock import Clock
from smart_common.events.members import JobSnapshot, WorkerSnapshot
from smart_common.events.payroll import (
    PayslipIssued,
    PeriodicDeclarationFiled,
    SalaryPaymentOrdered,
)
from smart_common.persistence import Transaction
from smart_common.personal_data import PersonalDataCipher
from smart_common.rulepacks import RulePack
from smart_payroll.adapters.repositories import (
    DECLARATION_LINES,
    PAYMENT_ORDERS,
    PAYSLIPS,
    PERIODIC_DECLARATIONS,
)
from smart_payroll.countries.periodic import periodic_scheme
from smart_payroll.domain.belgian_payslip import TaxSituation
from smart_payroll.domain.job_payslip import JobPayslipFigures
from smart_payroll.settings import PayrollSettings

CUMULATED = (
    "gross",
    "employee_social_contribution",
    "work_bonus",
    "taxable",
    "withholding_tax",
    "special_social_contribution",
    "net",
    "net_paid",
)


@dataclass(frozen=True, slots=True)
class Occupation:
    """What a payslip pays for: who worked, when, as what (a job, or a month of a contract)."""

    job_id: str
    member_id: str
    entity: str
    contract_type: str
    worker: WorkerSnapshot
    start_date: date
    end_date: date
    days: int
    occupation_code: str
    currency: str

    @classmethod
    def of_job(cls, job: JobSnapshot) -> Occupation:
        return cls(
            job_id=job.job_id,
            member_id=job.member_id,
            entity=job.entity,
            contract_type=job.contract_type.value,
            worker=job.worker,
            start_date=job.start_date,
            end_date=job.end_date,
            days=job.worked_days,
            occupation_code=job.occupation_code,
            currency=job.currency,
        )


def declared_situation(worker: WorkerSnapshot) -> tuple[TaxSituation, str]:
    declared = worker.tax_situation
    if declared:
        return TaxSituation(declared.marital.value, declared.dependent_children), (
            "declared by the member"
        )
    return TaxSituation(), "not declared: single, no dependent children assumed"


class PayslipIssuer:
    raises = (PayslipIssued, SalaryPaymentOrdered, PeriodicDeclarationFiled)
    """What issuing a payslip raises, whichever use case or reaction issues it."""

    def __init__(self, personal_data: PersonalDataCipher, settings: PayrollSettings, clock: Clock):
        self._clock = clock
        self._personal_data = personal_data
        self._settings = settings

    async def issue(
        self,
        tx: Transaction,
        *,
        contract_id: str,
        occupation: Occupation,
        slip: JobPayslipFigures,
        pack: RulePack,
        trigger: str,
        paid_on: date,
        correlation_id: str,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Stores the payslip and its payment order, files its declaration line; returns the
        payslip's id. ``extra``: fields kept with the payslip (a long contract's month)."""
        situation, source = declared_situation(occupation.worker)
        payslip_id = str(uuid.uuid4())
        now = self._clock.now()
        figures = slip.figures
        await tx.collection(PAYSLIPS).insert_one(
            {
                "_id": payslip_id,
                "year": occupation.end_date.year,
                "cumulative": await self._year_to_date(tx, occupation, figures),
                "contract_id": contract_id,
                "job_id": occupation.job_id,
                "member_id": occupation.member_id,
                "entity": occupation.entity,
                "period": {
                    "start": occupation.start_date.isoformat(),
                    "end": occupation.end_date.isoformat(),
                },
                "trigger": trigger,
                "currency": occupation.currency,
                "figures": figures,
                "tax_situation": {
                    "marital": situation.marital,
                    "dependent_children": situation.dependent_children,
                    "source": source,
                },
                "rule_pack": {"version": pack.version, "rules": pack.provenance(*slip.rules)},
                **(extra or {}),
                "issued_at": now,
            }
        )
        order_id = str(uuid.uuid4())
        execution_date = max(paid_on, now.date())
        worker = occupation.worker
        await tx.collection(PAYMENT_ORDERS).insert_one(
            {
                "_id": order_id,
                "payslip_id": payslip_id,
                "job_id": occupation.job_id,
                "member_id": occupation.member_id,
                "entity": occupation.entity,
                "creditor": {
                    "name": f"{worker.first_name} {worker.last_name}",
                    "iban": self._personal_data.seal(worker.iban, occupation.member_id),
                    "address": worker.address.model_dump() if worker.address else None,
                },
                "amount": str(slip.net_paid),
                "currency": occupation.currency,
                "purpose": "SALA",
                "execution_date": execution_date.isoformat(),
                "status": "created",
                "created_at": now,
            }
        )
        await tx.record_event(
            PayslipIssued(
                payslip_id=payslip_id,
                contract_id=contract_id,
                job_id=occupation.job_id,
                member_id=occupation.member_id,
                trigger=trigger,
                gross=slip.gross,
                net=slip.net,
                expenses_reimbursed=slip.expenses,
                currency=occupation.currency,
                employer_cost=Decimal(figures["employer_cost"]),
            ),
            subject=payslip_id,
            entity=occupation.entity,
            correlation_id=correlation_id,
        )
        await tx.record_event(
            SalaryPaymentOrdered(
                payment_order_id=order_id,
                payslip_id=payslip_id,
                job_id=occupation.job_id,
                member_id=occupation.member_id,
                amount=slip.net_paid,
                currency=occupation.currency,
                execution_date=execution_date,
            ),
            subject=payslip_id,
            entity=occupation.entity,
            correlation_id=correlation_id,
        )
        await self._declare_periodic(
            tx, contract_id, occupation, payslip_id, figures, pack, execution_date, correlation_id
        )
        return payslip_id

    async def _year_to_date(
        self, tx: Transaction, occupation: Occupation, figures: dict[str, str]
    ) -> dict[str, str]:
        """The worker's cumulative figures for the year, this payslip included."""
        earlier = await tx.collection(PAYSLIPS).find(
            {"member_id": occupation.member_id, "year": occupation.end_date.year},
            projection={"figures": 1},
        )
        return {
            name: str(
                sum((Decimal(slip["figures"].get(name, "0")) for slip in earlier), Decimal("0"))
                + Decimal(figures[name])
            )
            for name in CUMULATED
            if name in figures
        }

    async def _declare_periodic(
        self,
        tx: Transaction,
        contract_id: str,
        occupation: Occupation,
        payslip_id: str,
        figures: dict[str, str],
        pack: RulePack,
        paid_on: date,
        correlation_id: str,
    ) -> None:
        kind = pack.value("periodic_declaration")
        end = occupation.end_date
        period = periodic_scheme(kind).period_of(end)
        declaration = await tx.collection(PERIODIC_DECLARATIONS).find_one_and_update(
            {"entity": occupation.entity, "kind": kind, "period": period},
            {
                "$setOnInsert": {
                    "_id": str(uuid.uuid4()),
                    "status": "open",
                    "created_at": self._clock.now(),
                },
                "$inc": {
                    "lines": 1,
                    "total_gross_cents": _cents(figures["gross"]),
                    "total_employee_contribution_cents": _cents(
                        figures["employee_social_contribution"]
                    ),
                    "total_employer_contribution_cents": _cents(
                        figures["employer_social_contribution"]
                    ),
                },
            },
            upsert=True,
            return_document=True,
        )
        assert declaration is not None
        line_id = str(uuid.uuid4())
        worker = occupation.worker
        await tx.collection(DECLARATION_LINES).insert_one(
            {
                "_id": line_id,
                "declaration_id": declaration["_id"],
                "contract_id": contract_id,
                "job_id": occupation.job_id,
                "payslip_id": payslip_id,
                "worker": {
                    "member_id": occupation.member_id,
                    "ssin": self._personal_data.seal_optional(
                        worker.national_register_number, occupation.member_id
                    ),
                    "first_name": worker.first_name,
                    "last_name": worker.last_name,
                    "category": occupation.contract_type,
                },
                "occupation": {
                    "joint_committee": self._settings.employer_joint_committee,
                    "start_date": occupation.start_date.isoformat(),
                    "end_date": end.isoformat(),
                    "days": occupation.days,
                    "occupation_code": occupation.occupation_code,
                },
                "remuneration": {
                    "gross": figures["gross"],
                    "taxable": figures["taxable"],
                    "net": figures["net"],
                    "end_of_contract_bonus": figures.get("end_of_contract_bonus", "0.00"),
                    "paid_on": paid_on.isoformat(),
                },
                "contributions": {
                    "employee": figures["employee_social_contribution"],
                    "employer": figures["employer_social_contribution"],
                    "work_bonus": figures.get("work_bonus", "0.00"),
                    "cdd_levy": figures.get("cdd_levy", "0.00"),
                },
                "created_at": self._clock.now(),
            }
        )
        await tx.record_event(
            PeriodicDeclarationFiled(
                declaration_id=declaration["_id"],
                line_id=line_id,
                kind=kind,
                period=period,
                contract_id=contract_id,
                job_id=occupation.job_id,
                payslip_id=payslip_id,
            ),
            subject=declaration["_id"],
            entity=occupation.entity,
            correlation_id=correlation_id,
        )


def _cents(amount: str) -> int:
    return int(Decimal(amount) * 100)
