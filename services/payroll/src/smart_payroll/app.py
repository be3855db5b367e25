"""Composition root of the payroll service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from smart_common.clock import Clock
from smart_common.http import create_app
from smart_common.member_erasure import ErasureSweep
from smart_common.rulepacks import RuleBook, check_strategies, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_common.worker_identity import WorkerIdentityChannel
from smart_payroll import api
from smart_payroll.adapters.dimona import DimonaRestGateway, HiringDeclarationGateway
from smart_payroll.adapters.dpae import DpaeRestGateway
from smart_payroll.adapters.repositories import ensure_indexes
from smart_payroll.budget_salaries import BudgetSalaries
from smart_payroll.bus import CATALOGUE, Payroll
from smart_payroll.countries.registry import STRATEGIES
from smart_payroll.payslips import PayslipIssuer
from smart_payroll.queries import PayrollQueries
from smart_payroll.reactions.on_data_export_requested import OnDataExportRequested
from smart_payroll.reactions.on_erasure_requested import ERASABLES, OnErasureRequested
from smart_payroll.reactions.on_hiring_accepted import OnHiringAccepted
from smart_payroll.reactions.on_job_cancelled import OnJobCancelled
from smart_payroll.reactions.on_job_declared import OnJobDeclared
from smart_payroll.reactions.on_long_contract_declared import OnLongContractDeclared
from smart_payroll.reactions.on_payment_received import OnPaymentReceived
from smart_payroll.reactions.on_salary_guaranteed import OnSalaryGuaranteed
from smart_payroll.reactions.on_salary_request_declared import OnSalaryRequestDeclared
from smart_payroll.settings import PayrollSettings
from smart_payroll.use_cases.confirm_payment_batch import ConfirmPaymentBatch
from smart_payroll.use_cases.create_payment_batch import CreatePaymentBatch
from smart_payroll.use_cases.end_long_contract_early import EndLongContractEarly
from smart_payroll.use_cases.export_payment_batch import ExportPaymentBatch
from smart_payroll.use_cases.long_contract_payroll import LongContractPayroll
from smart_payroll.use_cases.pay_job import JobSalary
from smart_payroll.use_cases.pay_month import PayMonth
from smart_payroll.use_cases.process_hiring_declarations import ProcessHiringDeclarations
from smart_payroll.use_cases.publish_terms import PublishTerms
from smart_payroll.use_cases.record_month_revenue import RecordMonthRevenue
from smart_payroll.use_cases.regularise_long_contract import RegulariseLongContract
from smart_payroll.use_cases.resubmit_declaration import ResubmitDeclaration
from smart_payroll.workers import WorkerFiles

DESCRIPTION = (
    "Employment contracts, Dimona, payslips, salary payment orders, periodic declarations."
)


def asyncapi() -> dict[str, Any]:
    return CATALOGUE.asyncapi(service="payroll", description=DESCRIPTION)


def build_app(
    settings: PayrollSettings | None = None,
    rules: RuleBook | None = None,
    gateway: HiringDeclarationGateway | None = None,
    dpae_gateway: HiringDeclarationGateway | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or PayrollSettings()
    runtime = ServiceRuntime(settings, publishes=CATALOGUE.published, clock=clock)
    uow, clock, cipher = runtime.uow, runtime.clock, runtime.personal_data
    rules = rules or default_rule_book()
    check_strategies(rules, STRATEGIES)
    workers = WorkerFiles(cipher)
    identities = WorkerIdentityChannel(settings.worker_identity_key)
    payslips = PayslipIssuer(cipher, settings, clock)
    queries = PayrollQueries(uow, rules, workers, cipher, settings, runtime.personal_data_reads)
    long_contracts = LongContractPayroll(uow, workers, cipher, payslips)
    payroll = Payroll(
        resubmit_declaration=ResubmitDeclaration(uow, workers, identities, clock),
        create_payment_batch=CreatePaymentBatch(uow, clock),
        export_payment_batch=ExportPaymentBatch(
            uow, cipher, settings, clock, runtime.personal_data_reads
        ),
        confirm_payment_batch=ConfirmPaymentBatch(uow, clock),
        record_month_revenue=RecordMonthRevenue(long_contracts, queries),
        pay_month=PayMonth(uow, rules, long_contracts),
        end_long_contract_early=EndLongContractEarly(uow, long_contracts, queries, clock),
        regularise_long_contract=RegulariseLongContract(rules, long_contracts, queries),
        queries=queries,
    )
    salary = JobSalary(rules, workers, payslips)
    budget_salaries = BudgetSalaries(rules, workers, payslips)
    CATALOGUE.subscribe(
        runtime,
        [
            OnJobDeclared(rules, workers, identities, settings, clock),
            OnJobCancelled(),
            OnLongContractDeclared(rules, workers, identities, settings, clock),
            OnSalaryRequestDeclared(budget_salaries, workers, identities, settings, clock),
            OnHiringAccepted(budget_salaries),
            OnPaymentReceived(salary),
            OnSalaryGuaranteed(salary),
            OnDataExportRequested(cipher, queries),
            OnErasureRequested(rules, clock, cipher),
        ],
    )
    hiring = ProcessHiringDeclarations(
        uow,
        {
            "dimona": gateway or DimonaRestGateway(settings.dimona_base_url),
            "dpae": dpae_gateway or DpaeRestGateway(settings.dpae_base_url),
        },
        workers,
        settings.submission_lease_seconds,
        runtime.owner,
        clock,
    )
    runtime.on_indexes(ensure_indexes)
    runtime.worker(
        "erasure-sweep", ErasureSweep(uow, clock, ERASABLES).sweep, settings.erasure_sweep_seconds
    )
    runtime.on_startup(PublishTerms(uow, rules, settings.entity))
    runtime.worker(
        "hiring-declarations",
        hiring,
        settings.hiring_declaration_interval_seconds,
        wake_on_commit=True,
    )
    return create_app(
        runtime,
        title="Smart payroll",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=payroll,
    )
