"""Event subscriptions of the payroll service."""

from __future__ import annotations

from smart_common.events.collections import PaymentReceived, SalaryGuaranteed
from smart_common.events.members import JobCancelled, JobDeclared, LongContractDeclared
from smart_common.runtime import ServiceRuntime
from smart_payroll.handlers import PayrollHandlers
from smart_payroll.long_contracts import LongContracts

CONSUMED = (JobDeclared, JobCancelled, LongContractDeclared, PaymentReceived, SalaryGuaranteed)


def subscribe(
    runtime: ServiceRuntime, handlers: PayrollHandlers, long_contracts: LongContracts
) -> None:
    contracts = runtime.consumer("payroll-contracts")
    contracts.on(JobDeclared, handlers.on_job_declared)
    contracts.on(JobCancelled, handlers.on_job_cancelled)
    contracts.on(LongContractDeclared, long_contracts.on_declared)
    salaries = runtime.consumer("payroll-salaries")
    salaries.on(PaymentReceived, handlers.on_payment_received)
    salaries.on(SalaryGuaranteed, handlers.on_salary_guaranteed)
