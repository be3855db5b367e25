"""Long contracts: an employment contract over several months whose salary is smoothed from the
activity's forecast revenue (Belgium's key formula), declared to Dimona once, and paid month by
month. When a month is over, staff record its actual revenue; the months left absorb the
difference (a shortfall asks for a counsellor's review, a budget left at the end is a final
regularisation). Each month's payslip, payment order and DmfA line are issued like a job's.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pydantic import Field

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.members import LongContractDeclared, WorkerSnapshot
from smart_common.events.payroll import ContractRefused, LongContractGenerated
from smart_common.money import CentAmount, round_half_up
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, Forbidden, Unprocessable
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook, RuleNotConfigured, RulePack
from smart_common.text import InputModel
from smart_common.worker_identity import WorkerIdentityChannel
from smart_payroll.adapters.dimona import UPDATE_KIND, dimona_in_body, dimona_update_body
from smart_payroll.adapters.repositories import CONTRACTS, HIRING_DECLARATIONS, PAYSLIPS
from smart_payroll.domain.belgian_payslip import rules_used, salary_from_gross
from smart_payroll.domain.job_payslip import JobPayslipFigures
from smart_payroll.domain.periods import month_bounds, months_from
from smart_payroll.domain.smoothing import SmoothedPlan, replanned, smoothed_plan
from smart_payroll.payslips import Occupation, PayslipIssuer, declared_situation
from smart_payroll.settings import PayrollSettings
from smart_payroll.workers import opened_worker, sealed_worker

LONG = "long"
MONTH = "long_contract_month"
REGULARISATION = "long_contract_regularisation"
ZERO = Decimal("0")


class MonthRevenueIn(InputModel):
    amount: CentAmount = Field(ge=Decimal("0"), le=Decimal("10000000"))


class MonthPayslipIn(InputModel):
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2027-01"])


class EarlyEndIn(InputModel):
    last_month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2027-03"])
    reason: str = Field(min_length=1, max_length=500)


def _working_days(first: date, last: date) -> int:
    return sum(1 for n in range((last - first).days + 1) if (first + timedelta(n)).weekday() < 5)


class LongContracts:
    def __init__(
        self,
        uow: UnitOfWork,
        rules: RuleBook,
        personal_data: PersonalDataCipher,
        settings: PayrollSettings,
        payslips: PayslipIssuer,
        clock: Clock,
    ):
        self._clock = clock
        self._uow = uow
        self._rules = rules
        self._personal_data = personal_data
        self._settings = settings
        self._identities = WorkerIdentityChannel(settings.worker_identity_key)
        self._payslips = payslips

    # --- declared → contract and Dimona ---------------------------------------------------
    async def on_declared(
        self, data: LongContractDeclared, envelope: Envelope, tx: Transaction
    ) -> None:
        if await tx.collection(CONTRACTS).find_one(
            {"job_id": data.long_contract_id}, projection={"_id": 1}
        ):
            return
        contract_id = str(uuid.uuid4())
        pack = self._rules.pack(data.entity, data.start_date)
        refusal = None
        try:
            kind = pack.value("contract_types")[data.contract_type.value]
            if pack.value("withholding_method") != "be_key_formula":
                raise RuleNotConfigured(
                    f"long contracts are smoothed with the Belgian key formula; entity "
                    f"{data.entity} has no monthly computation yet"
                )
            smoothed_plan(
                data.forecast, [], pack.decimal("contribution_rate"), data.monthly_expenses
            )
        except (KeyError, RuleNotConfigured, ValueError) as error:
            refusal = f"the long contract cannot be paid: {error}"
        opened = self._identities.opened(data.worker)  # the worker's identity, for payroll only
        worker = sealed_worker(opened.model_dump(mode="json"), self._personal_data)
        await tx.collection(CONTRACTS).insert_one(
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
                "created_at": self._clock.now(),
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
        await tx.collection(HIRING_DECLARATIONS).insert_one(
            {
                "_id": str(uuid.uuid4()),
                "kind": pack.value("hiring_declaration"),
                "contract_id": contract_id,
                "job_id": data.long_contract_id,
                "member_id": data.member_id,
                "entity": data.entity,
                "status": "to_submit",
                "submit_after": self._clock.now(),
                "body": dimona_in_body(
                    enterprise_number=self._settings.employer_enterprise_number,
                    joint_committee=self._settings.employer_joint_committee,
                    ssin=worker["national_register_number"],
                    first_name=data.worker.first_name,
                    last_name=data.worker.last_name,
                    start_date=data.start_date.isoformat(),
                    end_date=data.end_date.isoformat(),
                    worker_type=kind["dimona_worker_type"],
                ),
                "traceparent": envelope.traceparent,
                "created_at": self._clock.now(),
            }
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

    # --- staff: a month's revenue, a month's payslip --------------------------------------
    async def _staff_contract(self, principal: Principal, contract_id: str) -> dict[str, Any]:
        if not principal.is_staff:
            raise Forbidden("a counsellor or an administrator runs long contracts' months")
        contract = await find_visible(
            self._uow, CONTRACTS, {"_id": contract_id}, principal, "contract"
        )
        if contract.get("term") != LONG:
            raise Unprocessable("not a long contract")
        if contract["status"] != "generated":
            raise Conflict(f"the long contract is {contract['status']}")
        return contract

    async def record_revenue(
        self, principal: Principal, contract_id: str, month: str, revenue: MonthRevenueIn
    ) -> dict[str, Any]:
        """The actual revenue of a month that is over: months are recorded in order, and a
        month already recorded keeps its figure (the salaries paid were computed with it)."""
        contract = await self._staff_contract(principal, contract_id)
        plan = contract["plan"]
        if month not in plan["months"]:
            raise Unprocessable(f"month: {month} is outside the contract ({plan['months'][0]} …)")
        index = plan["months"].index(month)
        recorded = len(plan["actuals"])
        if index < recorded:
            if plan["actuals"][index] == str(revenue.amount):
                return await self.view(principal, contract_id)
            raise Conflict(f"{month}'s revenue is recorded ({plan['actuals'][index]})")
        if index > recorded:
            raise Conflict(f"record {plan['months'][recorded]}'s revenue first")

        async def record(tx: Transaction) -> None:
            changed = await tx.collection(CONTRACTS).update_one(
                {"_id": contract_id, "plan.actuals": plan["actuals"]},
                {"$push": {"plan.actuals": str(revenue.amount)}},
            )
            if not changed:
                raise Conflict("the contract changed meanwhile")

        await self._uow.run(record)
        return await self.view(principal, contract_id)

    async def pay_month(
        self, principal: Principal, contract_id: str, request: MonthPayslipIn
    ) -> dict[str, Any]:
        """The month's payslip: its share of the budget known now (actual revenue of the months
        over, forecast of the others), as gross by the contract type's multiplier."""
        contract = await self._staff_contract(principal, contract_id)
        plan = contract["plan"]
        month = request.month
        if month not in plan["months"]:
            raise Unprocessable(f"month: {month} is outside the contract")
        index = plan["months"].index(month)
        paid = len(plan["paid_budgets"])  # the months are paid in order
        if index < paid:
            raise Conflict(f"{month} is paid")
        if index > paid:
            raise Conflict(f"pay {plan['months'][paid]} first")
        if len(plan["actuals"]) < index:
            raise Conflict(f"record {plan['months'][len(plan['actuals'])]}'s revenue first")
        if not await self._uow.find_one(
            HIRING_DECLARATIONS, {"contract_id": contract_id, "status": "accepted"}
        ):
            raise Conflict("the Dimona of the contract is not accepted yet")
        first, last = month_bounds(month)
        pack = self._rules.pack(contract["entity"], last)
        share = self._replanned(contract, pack).months[index]
        if share.budget <= 0:
            raise Conflict(
                "the plan's budget is spent: the months paid exceed the activity's revenue "
                "(a counsellor reviews the contract)"
            )
        return await self._issue(
            contract,
            pack,
            month_key=month,
            period=(first, last),
            revenue=share.revenue,
            revenue_is="actual" if share.actual else "forecast",
            budget=share.budget,
            trigger=MONTH,
            update=(
                {"_id": contract_id, "plan.paid_budgets": plan["paid_budgets"]},
                {"$push": {"plan.paid_budgets": str(share.budget)}},
            ),
        )

    async def end_early(
        self, principal: Principal, contract_id: str, request: EarlyEndIn
    ) -> dict[str, Any]:
        """The contract ends with ``last_month`` instead of its planned last month: the plan
        keeps the months up to it, and the Dimona period's end date is updated (dimonaUpdate)."""
        contract = await self._staff_contract(principal, contract_id)
        plan = contract["plan"]
        months = plan["months"]
        if request.last_month not in months[:-1]:
            raise Unprocessable(
                f"last_month: one of {', '.join(months[:-1])} (before the planned end)"
            )
        kept = months.index(request.last_month) + 1
        if len(plan["paid_budgets"]) > kept:
            raise Conflict(f"{months[len(plan['paid_budgets']) - 1]} is already paid")
        dimona = await self._uow.find_one(
            HIRING_DECLARATIONS,
            {"contract_id": contract_id, "kind": "dimona", "status": "accepted"},
        )
        if dimona is None:
            raise Conflict("the Dimona of the contract is not accepted yet")
        end = month_bounds(request.last_month)[1]

        async def shorten(tx: Transaction) -> None:
            changed = await tx.collection(CONTRACTS).update_one(
                {"_id": contract_id, "plan.months": months},
                {
                    "$set": {
                        "end_date": end.isoformat(),
                        "plan.months": months[:kept],
                        "plan.forecast": plan["forecast"][:kept],
                        "plan.actuals": plan["actuals"][:kept],
                        "ended_early": {"reason": request.reason, "by": principal.subject},
                    }
                },
            )
            if not changed:
                raise Conflict("the contract changed meanwhile")
            await tx.collection(HIRING_DECLARATIONS).insert_one(
                {
                    "_id": str(uuid.uuid4()),
                    "kind": UPDATE_KIND,
                    "updates": dimona["_id"],
                    "contract_id": contract_id,
                    "job_id": contract["job_id"],
                    "member_id": contract["member_id"],
                    "entity": contract["entity"],
                    "status": "to_submit",
                    "submit_after": self._clock.now(),
                    "body": dimona_update_body(
                        period_id=dimona["period_id"], end_date=end.isoformat()
                    ),
                    "created_at": self._clock.now(),
                }
            )

        await self._uow.run(shorten)
        return await self.view(principal, contract_id)

    async def _issue(
        self,
        contract: dict[str, Any],
        pack: RulePack,
        *,
        month_key: str,
        period: tuple[date, date],
        revenue: Decimal,
        revenue_is: str,
        budget: Decimal,
        trigger: str,
        update: tuple[dict[str, Any], dict[str, Any]],
    ) -> dict[str, Any]:
        """A payslip paying ``budget`` (÷ the contract type's multiplier → gross), with its
        payment order and DmfA line, and the contract's change, in one transaction."""
        worker = self._opened_worker(contract)
        situation, _ = declared_situation(worker)
        kind = pack.value("contract_types")[contract["contract_type"]]
        multiplier = pack.decimal(kind["multiplier"])
        salary = salary_from_gross(budget / multiplier, pack, situation, contract["contract_type"])
        expenses = Decimal(contract["plan"]["monthly_expenses"]) if trigger == MONTH else ZERO
        figures = {
            "month": month_key,
            "revenue": str(revenue),
            "revenue_is": revenue_is,
            "contribution": str(round_half_up(revenue * pack.decimal("contribution_rate"))),
            "expenses_reimbursed": str(expenses),
            "budget": str(budget),
            "multiplier": str(multiplier),
            **salary.as_strings(),
            "net_paid": str(salary.net + expenses),
        }
        slip = JobPayslipFigures(
            figures,
            salary.gross,
            salary.net,
            expenses,
            salary.net + expenses,
            rules_used(pack, contract["contract_type"]),
        )
        first, last = period
        occupation = Occupation(
            job_id=contract["job_id"],
            member_id=contract["member_id"],
            entity=contract["entity"],
            contract_type=contract["contract_type"],
            worker=worker,
            start_date=first,
            end_date=last,
            days=_working_days(first, last),
            occupation_code=contract["occupation_code"],
            currency=contract["plan"]["currency"],
        )

        async def pay(tx: Transaction) -> str:
            if not await tx.collection(CONTRACTS).update_one(*update):
                raise Conflict("the contract changed meanwhile")
            return await self._payslips.issue(
                tx,
                contract_id=contract["_id"],
                occupation=occupation,
                slip=slip,
                pack=pack,
                trigger=trigger,
                paid_on=last,
                correlation_id=contract["job_id"],
                extra={"month": month_key},
            )

        payslip_id = await self._uow.run(pay)
        stored = await self._uow.find_one(PAYSLIPS, {"_id": payslip_id})
        assert stored is not None
        return public_document(stored, "payslip_id")

    async def regularise(self, principal: Principal, contract_id: str) -> dict[str, Any]:
        """Once every month is paid and every month's actual revenue recorded: what the activity
        brought beyond the salaries paid is paid as a last payslip; a shortfall is left to a
        counsellor. Either way the contract is completed."""
        contract = await self._staff_contract(principal, contract_id)
        plan = contract["plan"]
        if len(plan["paid_budgets"]) < len(plan["months"]):
            raise Conflict(f"pay {plan['months'][len(plan['paid_budgets'])]} first")
        if len(plan["actuals"]) < len(plan["months"]):
            raise Conflict(f"record {plan['months'][len(plan['actuals'])]}'s revenue first")
        first, last = month_bounds(plan["months"][-1])
        pack = self._rules.pack(contract["entity"], last)
        final = self._replanned(contract, pack)
        closing = {
            "status": "completed",
            "closing": {
                "to_regularise": f"{final.to_regularise:.2f}",
                "shortfall": f"{final.shortfall:.2f}",
                "by": principal.subject,
            },
        }
        if final.to_regularise <= 0:
            await self._uow.run(
                lambda tx: tx.collection(CONTRACTS).update_one(
                    {"_id": contract_id, "status": "generated"}, {"$set": closing}
                )
            )
            return await self.view(principal, contract_id)
        revenue = sum((Decimal(amount) for amount in plan["actuals"]), ZERO)
        return await self._issue(
            contract,
            pack,
            month_key="regularisation",
            period=(first, last),
            revenue=revenue,
            revenue_is="actual",
            budget=final.to_regularise,
            trigger=REGULARISATION,
            update=(
                {"_id": contract_id, "status": "generated"},
                {"$set": closing | {"plan.regularised": str(final.to_regularise)}},
            ),
        )

    # --- reading ----------------------------------------------------------------------------
    async def view(self, principal: Principal, contract_id: str) -> dict[str, Any]:
        """The contract and its plan as known today: each month's budget and salary, the
        shortfall (counsellor review) and what is left to regularise."""
        contract = await find_visible(
            self._uow, CONTRACTS, {"_id": contract_id}, principal, "contract"
        )
        if contract.get("term") != LONG:
            raise Unprocessable("not a long contract")
        plan = contract["plan"]
        months = []
        shown: dict[str, Any] = {}
        if contract["status"] != "refused":
            pack = self._rules.pack(contract["entity"], date.fromisoformat(contract["start_date"]))
            smoothed = self._replanned(contract, pack)
            months = [
                {
                    "month": plan["months"][share.month - 1],
                    "revenue": str(share.revenue),
                    "revenue_is": "actual" if share.actual else "forecast",
                    "budget": str(share.budget),
                    "paid": share.month <= len(plan["paid_budgets"]),
                }
                for share in smoothed.months
            ]
            shown = {
                "total_budget": f"{smoothed.total_budget:.2f}",
                "shortfall": f"{smoothed.shortfall:.2f}",
                "to_regularise": f"{smoothed.to_regularise:.2f}",
                "counsellor_review": smoothed.shortfall > 0,
            }
        return public_document(contract, "contract_id", hidden=("worker_snapshot",)) | {
            "plan": {**plan, "schedule": months, **shown}
        }

    def _replanned(self, contract: dict[str, Any], pack: RulePack) -> SmoothedPlan:
        plan = contract["plan"]
        return replanned(
            [Decimal(amount) for amount in plan["forecast"]],
            [Decimal(amount) for amount in plan["actuals"]],
            [Decimal(amount) for amount in plan["paid_budgets"]],
            pack.decimal("contribution_rate"),
            Decimal(plan["monthly_expenses"]),
            Decimal(plan.get("regularised", "0")),
        )

    def _opened_worker(self, contract: dict[str, Any]) -> WorkerSnapshot:
        return WorkerSnapshot.model_validate(
            opened_worker(contract["worker_snapshot"], self._personal_data)
        )
