"""Composition root of the payroll service."""

from __future__ import annotations

from fastapi import FastAPI

from smart_common.asyncapi import build_asyncapi
from smart_common.clock import Clock
from smart_common.events.payroll import (
    ContractGenerated,
    ContractRefused,
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
    LongContractGenerated,
    PayslipIssued,
    PeriodicDeclarationFiled,
    SalaryPaid,
    SalaryPaymentOrdered,
    WorkerIdentityCorrected,
)
from smart_common.http import create_app
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_payroll import api, consumers
from smart_payroll.adapters.dimona import DimonaRestGateway, HiringDeclarationGateway
from smart_payroll.adapters.dpae import DpaeRestGateway
from smart_payroll.adapters.repositories import ensure_indexes
from smart_payroll.container import UseCases
from smart_payroll.handlers import PayrollHandlers
from smart_payroll.long_contracts import LongContracts
from smart_payroll.payment_batches import PaymentBatches
from smart_payroll.payslips import PayslipIssuer
from smart_payroll.settings import PayrollSettings

PUBLISHED = (
    ContractGenerated,
    ContractRefused,
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
    PayslipIssued,
    SalaryPaymentOrdered,
    SalaryPaid,
    PeriodicDeclarationFiled,
    WorkerIdentityCorrected,
    LongContractGenerated,
)
DESCRIPTION = (
    "Employment contracts, Dimona, payslips, salary payment orders, periodic declarations."
)


def asyncapi() -> dict:
    return build_asyncapi(
        service="payroll", description=DESCRIPTION, publishes=PUBLISHED, consumes=consumers.CONSUMED
    )


def build_app(
    settings: PayrollSettings | None = None,
    rules: RuleBook | None = None,
    gateway: HiringDeclarationGateway | None = None,
    dpae_gateway: HiringDeclarationGateway | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or PayrollSettings()
    runtime = ServiceRuntime(settings, publishes=PUBLISHED, clock=clock)
    rules = rules or default_rule_book()
    payslips = PayslipIssuer(runtime.personal_data, settings, runtime.clock)
    handlers = PayrollHandlers(
        runtime.uow,
        rules,
        {
            "dimona": gateway or DimonaRestGateway(settings.dimona_base_url),
            "dpae": dpae_gateway or DpaeRestGateway(settings.dpae_base_url),
        },
        runtime.personal_data,
        settings,
        payslips,
        runtime.clock,
        runtime.owner,
    )
    runtime.on_indexes(ensure_indexes)
    runtime.worker(
        "hiring-declarations",
        handlers.process_hiring_declarations,
        settings.hiring_declaration_interval_seconds,
        wake_on_commit=True,
    )
    long_contracts = LongContracts(
        runtime.uow, rules, runtime.personal_data, settings, payslips, runtime.clock
    )
    consumers.subscribe(runtime, handlers, long_contracts)
    return create_app(
        runtime,
        title="Smart payroll",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=UseCases(
            payroll=handlers,
            batches=PaymentBatches(runtime.uow, runtime.personal_data, settings, runtime.clock),
            long_contracts=long_contracts,
        ),
    )
