"""A job's salary, once its invoice is paid or its salary guaranteed (whichever comes first):
the payslip, its payment order and its periodic-declaration line."""

from __future__ import annotations

import logging
from datetime import date

from smart_common.persistence import Transaction
from smart_common.rulepacks import RuleBook
from smart_payroll.adapters.repositories import PAYSLIPS, BudgetJobs, Contracts
from smart_payroll.countries.payslips import payslip_method
from smart_payroll.payslips import Occupation, PayslipIssuer, declared_situation
from smart_payroll.workers import WorkerFiles

log = logging.getLogger(__name__)


class JobSalary:
    raises = PayslipIssuer.raises

    def __init__(self, rules: RuleBook, workers: WorkerFiles, payslips: PayslipIssuer):
        self._rules = rules
        self._workers = workers
        self._payslips = payslips

    async def pay(
        self, tx: Transaction, job_id: str, *, trigger: str, on: date, correlation_id: str
    ) -> None:
        contract = await Contracts(tx).of_job(job_id)
        if contract is None:
            if await BudgetJobs(tx).exists(job_id):
                return  # a budget-mode job: its payment goes to the activity's budget
            raise LookupError(f"no contract for job {job_id}")
        if contract["status"] != "generated":
            log.warning("no payslip for job %s: its contract is %s", job_id, contract["status"])
            return
        if await tx.collection(PAYSLIPS).find_one(
            {"contract_id": contract["_id"]}, projection={"_id": 1}
        ):
            return  # the first of payment received / salary guaranteed pays; the other does not
        job = self._workers.opened_job(contract["job"])
        pack = self._rules.pack(job.entity, job.end_date)
        situation, _ = declared_situation(job.worker)
        await self._payslips.issue(
            tx,
            contract_id=contract["_id"],
            occupation=Occupation.of_job(job),
            slip=payslip_method(pack).job_payslip(job, pack, situation),
            pack=pack,
            trigger=trigger,
            paid_on=on,
            correlation_id=correlation_id,
        )
