"""What the payroll routes read: contracts, declarations, payslips and payment batches as their
callers may see them, their documents (PDF, declaration files), and the simulations that store
nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from smart_common.access import find_visible
from smart_common.auth import Principal
from smart_common.persistence import UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.personal_data_reads import PersonalDataReads
from smart_common.problems import Forbidden, NotFound, Unprocessable
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_payroll.adapters.repositories import (
    CONTRACTS,
    DECLARATION_LINES,
    HIRING_DECLARATIONS,
    PAYMENT_ORDERS,
    PAYSLIPS,
    PERIODIC_DECLARATIONS,
)
from smart_payroll.countries.payslips import payslip_method
from smart_payroll.countries.periodic import NoFileFormat, declaration_file
from smart_payroll.documents.pdf import render_contract, render_payslip
from smart_payroll.domain.belgian_payslip import TaxSituation
from smart_payroll.domain.long_contracts import LONG, replanned_plan
from smart_payroll.salary_plans import SalaryPlanIn, plan_salaries
from smart_payroll.schemas import (
    Contract,
    Declaration,
    HiringDeclaration,
    LongContract,
    PaymentBatch,
    Payslip,
    PeriodicDeclaration,
    PeriodicDeclarationLine,
    SalaryPlan,
    Simulation,
)
from smart_payroll.settings import PayrollSettings
from smart_payroll.simulation import SimulationIn, simulate
from smart_payroll.use_cases.payment_batches import batch_of
from smart_payroll.workers import WorkerFiles


def _language_of(contract: dict[str, Any]) -> str:
    """The member's language, as declared with the job (French by default)."""
    long = contract.get("term") == LONG
    worker = contract["worker_snapshot"] if long else contract["job"]["worker"]
    language = worker.get("language", "fr")
    return language if language in ("fr", "nl", "en") else "fr"


class PayrollQueries:
    def __init__(
        self,
        uow: UnitOfWork,
        rules: RuleBook,
        workers: WorkerFiles,
        cipher: PersonalDataCipher,
        settings: PayrollSettings,
        reads: PersonalDataReads,
    ):
        self._reads = reads
        self._uow = uow
        self._rules = rules
        self._workers = workers
        self._cipher = cipher
        self._settings = settings

    async def _visible(
        self, collection: str, query: dict[str, Any], principal: Principal
    ) -> dict[str, Any]:
        what = collection.rstrip("s").replace("_", " ")
        return await find_visible(self._uow, collection, query, principal, what)

    # --- contracts and declarations ---------------------------------------------------
    async def contract(self, principal: Principal, contract_id: str) -> Contract:
        contract = await self._visible(CONTRACTS, {"_id": contract_id}, principal)
        await self._reads.record(principal, [contract["member_id"]], f"contract {contract_id}")
        return Contract.of(contract)

    async def contracts_of_job(self, principal: Principal, job_id: str) -> list[Contract]:
        return [Contract.of(await self._visible(CONTRACTS, {"job_id": job_id}, principal))]

    async def declarations(self, principal: Principal, contract_id: str) -> list[Declaration]:
        contract = await self._visible(CONTRACTS, {"_id": contract_id}, principal)
        await self._reads.record(
            principal, [contract["member_id"]], f"declarations of contract {contract_id}"
        )
        hiring = await self._uow.find(HIRING_DECLARATIONS, {"contract_id": contract["_id"]})
        lines = await self._uow.find(DECLARATION_LINES, {"contract_id": contract["_id"]})
        result = [
            Declaration(HiringDeclaration.of(declaration, self._workers)) for declaration in hiring
        ]
        for line in lines:
            periodic = await self._uow.find_one(
                PERIODIC_DECLARATIONS, {"_id": line["declaration_id"]}
            )
            assert periodic is not None
            line["worker"]["ssin"] = self._workers.masked_ssin(
                line["worker"]["ssin"], line["worker"]["member_id"]
            )
            result.append(
                Declaration(
                    PeriodicDeclarationLine(
                        declaration_id=periodic["_id"],
                        kind=periodic["kind"],
                        period=periodic["period"],
                        status=periodic["status"],
                        contract_id=contract["_id"],
                        line=public_document(line, "line_id"),
                    )
                )
            )
        return result

    async def long_contract(self, principal: Principal, contract_id: str) -> LongContract:
        """The contract and its plan as known today: each month's budget and salary, the
        shortfall (counsellor review) and what is left to regularise."""
        contract = await self._visible(CONTRACTS, {"_id": contract_id}, principal)
        if contract.get("term") != LONG:
            raise Unprocessable("not a long contract")
        plan = contract["plan"]
        months = []
        shown: dict[str, Any] = {}
        if contract["status"] != "refused":
            pack = self._rules.pack(contract["entity"], date.fromisoformat(contract["start_date"]))
            smoothed = replanned_plan(plan, pack.decimal("contribution_rate"))
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
        return LongContract.model_validate(
            public_document(contract, "contract_id", hidden=("worker_snapshot",))
            | {"plan": {**plan, "schedule": months, **shown}}
        )

    # --- payslips and payments -------------------------------------------------------
    async def payslip(self, principal: Principal, payslip_id: str) -> Payslip:
        payslip = await self._visible(PAYSLIPS, {"_id": payslip_id}, principal)
        await self._reads.record(principal, [payslip["member_id"]], f"payslip {payslip_id}")
        order = await self._uow.find_one(PAYMENT_ORDERS, {"payslip_id": payslip_id})
        return Payslip.of(payslip, order, self._cipher)

    async def batch(self, principal: Principal, batch_id: str) -> PaymentBatch:
        return PaymentBatch.of(await batch_of(self._uow, principal, batch_id))

    # --- documents ------------------------------------------------------------------
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
        await self._reads.record(principal, [payslip["member_id"]], f"payslip {payslip_id} (PDF)")
        contract = await self._uow.find_one(CONTRACTS, {"_id": payslip["contract_id"]})
        assert contract is not None
        return self.payslip_document(payslip, contract, language)

    def payslip_document(
        self, payslip: dict[str, Any], contract: dict[str, Any], language: str | None = None
    ) -> bytes:
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
        await self._reads.record(
            principal, [contract["member_id"]], f"contract {contract_id} (PDF)"
        )
        return self.contract_document(contract, language)

    def contract_document(self, contract: dict[str, Any], language: str | None = None) -> bytes:
        language = language or _language_of(contract)
        if contract.get("term") == LONG:  # its months are paid one by one
            shown = public_document(contract, "contract_id", hidden=("worker_snapshot",)) | {
                "worked_days": "—",
                "joint_committee": self._settings.employer_joint_committee,
                "currency": contract["plan"]["currency"],
                "estimated_gross": None,
            }
            return render_contract(shown, self._employer(), language)
        job = self._workers.opened_job(contract["job"])
        estimated = None
        try:
            pack = self._rules.pack(job.entity, job.end_date)
            estimated = str(payslip_method(pack).job_payslip(job, pack, TaxSituation()).gross)
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

    # --- periodic declarations (back office) ----------------------------------------
    async def periodic_declarations(
        self, principal: Principal, entity: str | None, period: str | None
    ) -> list[PeriodicDeclaration]:
        if not principal.is_staff:
            raise Forbidden("periodic declarations are the back office's")
        query: dict[str, Any] = {"entity": principal.entity}
        if entity and entity != principal.entity:
            return []
        if period:
            query["period"] = period
        found = await self._uow.find(PERIODIC_DECLARATIONS, query, sort=[("period", 1)])
        return [PeriodicDeclaration.of(declaration) for declaration in found]

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
        await self._reads.record(
            principal,
            [line["worker"]["member_id"] for line in stored],
            f"periodic declaration {declaration_id} (file, national numbers)",
        )
        try:
            return declaration_file(declaration, stored, self._cipher.open_optional, self._settings)
        except NoFileFormat as error:
            raise Unprocessable(str(error)) from error

    # --- simulations (nothing stored) ----------------------------------------------
    def simulation(self, request: SimulationIn) -> Simulation:
        return Simulation.model_validate(simulate(self._rules, request))

    def salary_plan(self, request: SalaryPlanIn) -> SalaryPlan:
        return SalaryPlan.model_validate(plan_salaries(self._rules, request))
