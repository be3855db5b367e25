"""HTTP routes of the payroll service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from smart_common.auth import CurrentPrincipal
from smart_common.http import Runtime
from smart_common.idempotency import (
    IdempotencyKey,
    answer_status,
    fingerprint,
    required_key,
    run_remembered,
)
from smart_payroll.container import UseCases
from smart_payroll.handlers import CorrectionIn, PayrollHandlers
from smart_payroll.long_contracts import (
    EarlyEndIn,
    LongContracts,
    MonthPayslipIn,
    MonthRevenueIn,
)
from smart_payroll.payment_batches import PaymentBatches, require_admin
from smart_payroll.salary_plans import SalaryPlanIn, plan_salaries
from smart_payroll.simulation import SimulationIn, simulate


def handlers_of(request: Request) -> PayrollHandlers:
    use_cases: UseCases = request.app.state.container
    return use_cases.payroll


def batches_of(request: Request) -> PaymentBatches:
    use_cases: UseCases = request.app.state.container
    return use_cases.batches


def long_contracts_of(request: Request) -> LongContracts:
    use_cases: UseCases = request.app.state.container
    return use_cases.long_contracts


Handlers = Annotated[PayrollHandlers, Depends(handlers_of)]
LongContractsCase = Annotated[LongContracts, Depends(long_contracts_of)]
Batches = Annotated[PaymentBatches, Depends(batches_of)]
router = APIRouter(prefix="/v1")


@router.get("/contracts/{contract_id}", tags=["contracts"], summary="An employment contract")
async def contract(
    contract_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.contract(principal, contract_id)


@router.get("/contracts", tags=["contracts"], summary="The contract of a job")
async def contracts(
    job_id: Annotated[str, Query(min_length=1)], principal: CurrentPrincipal, handlers: Handlers
) -> list[dict[str, Any]]:
    return await handlers.contracts_of_job(principal, job_id)


@router.get(
    "/declarations",
    tags=["declarations"],
    summary="Social declarations of a contract: Dimona at hiring, periodic lines",
)
async def declarations(
    contract_id: Annotated[str, Query(min_length=1)],
    principal: CurrentPrincipal,
    handlers: Handlers,
) -> list[dict[str, Any]]:
    return await handlers.declarations(principal, contract_id)


@router.get("/payslips/{payslip_id}", tags=["payslips"], summary="A payslip, every figure shown")
async def payslip(
    payslip_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.payslip(principal, payslip_id)


@router.post(
    "/simulations",
    tags=["simulations"],
    summary="Simulate a salary from the amount invoiced (member view) or a gross; nothing stored",
)
async def simulation(
    body: SimulationIn, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return simulate(handlers.rules, body)


@router.post(
    "/payment-batches",
    status_code=201,
    tags=["salary payments"],
    summary="Admin: gather the entity's pending salary payments into one SEPA batch",
)
async def create_batch(
    principal: CurrentPrincipal,
    batches: Batches,
    runtime: Runtime,
    response: Response,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    require_admin(principal)
    answer, created = await run_remembered(
        runtime.uow,
        scope=f"payment-batch:{principal.entity}",
        key=required_key(key, "a salary payment batch"),
        request_fingerprint=fingerprint({}),
        run=lambda: batches.create(principal),
    )
    answer_status(response, created)
    return answer


@router.get("/payment-batches/{batch_id}", tags=["salary payments"])
async def batch(batch_id: str, principal: CurrentPrincipal, batches: Batches) -> dict[str, Any]:
    return await batches.batch(principal, batch_id)


@router.get(
    "/payment-batches/{batch_id}/xml",
    tags=["salary payments"],
    summary="The batch as pain.001.001.09 (SALA, structured addresses); marks it exported",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}}},
)
async def batch_xml(batch_id: str, principal: CurrentPrincipal, batches: Batches) -> Response:
    content = await batches.export(principal, batch_id)
    return Response(
        content,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{batch_id}.xml"'},
    )


@router.post(
    "/payment-batches/{batch_id}/confirmation",
    tags=["salary payments"],
    summary="Admin: the bank executed the batch; every salary in it is paid",
)
async def confirm_batch(
    batch_id: str,
    principal: CurrentPrincipal,
    batches: Batches,
    runtime: Runtime,
    key: IdempotencyKey = None,
) -> dict[str, Any]:
    require_admin(principal)
    answer, _ = await run_remembered(
        runtime.uow,
        scope=f"payment-batch-confirmation:{batch_id}",
        key=required_key(key, "confirming a salary payment batch"),
        request_fingerprint=fingerprint({"batch_id": batch_id}),
        run=lambda: batches.confirm(principal, batch_id),
    )
    return answer


@router.post(
    "/declarations/{declaration_id}/resubmission",
    tags=["declarations"],
    summary="Counsellor: correct a refused hiring declaration and submit it again",
)
async def resubmit(
    declaration_id: str, body: CorrectionIn, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return await handlers.resubmit(principal, declaration_id, body)


@router.get(
    "/periodic-declarations",
    tags=["declarations"],
    summary="Back office: the entity's periodic declarations (DmfA quarters) with their totals",
)
async def periodic_declarations(
    principal: CurrentPrincipal,
    handlers: Handlers,
    entity: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-(Q[1-4]|(0[1-9]|1[0-2]))$")] = None,
) -> list[dict[str, Any]]:
    return await handlers.periodic_declarations(principal, entity, period)


@router.get(
    "/periodic-declarations/{declaration_id}/file",
    tags=["declarations"],
    summary="The declaration as a file (DmfA blocks), rebuilt identically from its lines",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}}},
)
async def periodic_declaration_file(
    declaration_id: str, principal: CurrentPrincipal, handlers: Handlers
) -> Response:
    name, content = await handlers.periodic_declaration_file(principal, declaration_id)
    return Response(
        content,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


Language = Annotated[
    str | None,
    Query(pattern="^(fr|nl|en)$", description="fr, nl or en; default: the member's language"),
]
PDF_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}}}


@router.get(
    "/payslips/{payslip_id}/pdf",
    tags=["payslips"],
    summary="The payslip as PDF (every figure, the rules applied)",
    response_class=Response,
    responses=PDF_RESPONSE,
)
async def payslip_pdf(
    payslip_id: str, principal: CurrentPrincipal, handlers: Handlers, language: Language = None
) -> Response:
    content = await handlers.payslip_pdf(principal, payslip_id, language)
    return Response(content, media_type="application/pdf")


@router.get(
    "/contracts/{contract_id}/pdf",
    tags=["contracts"],
    summary="The employment contract as PDF",
    response_class=Response,
    responses=PDF_RESPONSE,
)
async def contract_pdf(
    contract_id: str, principal: CurrentPrincipal, handlers: Handlers, language: Language = None
) -> Response:
    content = await handlers.contract_pdf(principal, contract_id, language)
    return Response(content, media_type="application/pdf")


@router.post(
    "/salary-plans",
    tags=["simulations"],
    summary="Long contract: monthly salaries smoothed from forecast revenue, adjusted to actuals",
)
async def salary_plan(
    body: SalaryPlanIn, principal: CurrentPrincipal, handlers: Handlers
) -> dict[str, Any]:
    return plan_salaries(handlers.rules, body)


@router.get(
    "/long-contracts/{contract_id}",
    tags=["contracts"],
    summary="A long contract and its smoothed plan (budget and salary of each month)",
)
async def long_contract(
    contract_id: str, principal: CurrentPrincipal, long_contracts: LongContractsCase
) -> dict[str, Any]:
    return await long_contracts.view(principal, contract_id)


@router.put(
    "/long-contracts/{contract_id}/revenue/{month}",
    tags=["contracts"],
    summary="Staff: the actual revenue of a month that is over (the months left absorb it)",
)
async def record_month_revenue(
    contract_id: str,
    month: Annotated[str, Path(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")],
    body: MonthRevenueIn,
    principal: CurrentPrincipal,
    long_contracts: LongContractsCase,
) -> dict[str, Any]:
    return await long_contracts.record_revenue(principal, contract_id, month, body)


@router.post(
    "/long-contracts/{contract_id}/payslips",
    status_code=201,
    tags=["contracts"],
    summary="Staff: the month's payslip, payment order and DmfA line",
)
async def pay_month(
    contract_id: str,
    body: MonthPayslipIn,
    principal: CurrentPrincipal,
    long_contracts: LongContractsCase,
) -> dict[str, Any]:
    return await long_contracts.pay_month(principal, contract_id, body)


@router.post(
    "/long-contracts/{contract_id}/early-end",
    tags=["contracts"],
    summary="Staff: end the contract after an earlier month (the Dimona period is updated)",
)
async def end_long_contract_early(
    contract_id: str,
    body: EarlyEndIn,
    principal: CurrentPrincipal,
    long_contracts: LongContractsCase,
) -> dict[str, Any]:
    return await long_contracts.end_early(principal, contract_id, body)


@router.post(
    "/long-contracts/{contract_id}/regularisation",
    tags=["contracts"],
    summary="Staff: close the contract once every month is paid and known (pays what is left)",
)
async def regularise_long_contract(
    contract_id: str, principal: CurrentPrincipal, long_contracts: LongContractsCase
) -> dict[str, Any]:
    return await long_contracts.regularise(principal, contract_id)
