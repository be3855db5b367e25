"""HTTP routes of the payroll service: parse, authorise, call a use case, nothing else."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from smart_common.auth import AdminPrincipal, CurrentPrincipal, StaffPrincipal
from smart_common.idempotency import IdempotencyKey, answer_status, required_key
from smart_common.problems import problem_responses
from smart_payroll.bus import Payroll
from smart_payroll.salary_plans import SalaryPlanIn
from smart_payroll.schemas import (
    MONTH,
    Contract,
    CorrectionIn,
    Declaration,
    EarlyEndIn,
    HiringDeclaration,
    LongContract,
    MonthPayslipIn,
    MonthRevenueIn,
    PaymentBatch,
    Payslip,
    PeriodicDeclaration,
    Regularisation,
    SalaryPlan,
    Simulation,
)
from smart_payroll.simulation import SimulationIn


def payroll_of(request: Request) -> Payroll:
    return request.app.state.container


UseCases = Annotated[Payroll, Depends(payroll_of)]
router = APIRouter(prefix="/v1")
LOGGED_IN = {401: "Not logged in (or the token expired)"}
STAFF = {**LOGGED_IN, 403: "Staff only"}
ADMIN = {**LOGGED_IN, 403: "Administrators only"}
NOT_CONFIGURED = {422: "Invalid, or the entity's rates are not configured (never invented)"}
STAFF_RUNS = {
    **STAFF,
    404: "No such contract you may see",
    409: "Out of order (an earlier month first), already done, or changed meanwhile",
    422: "Not a long contract, or a month outside it",
}


def _document(media_type: str, description: str, missing: str) -> dict[int | str, Any]:
    return {
        200: {"content": {media_type: {}}, "description": description},
        **problem_responses({**LOGGED_IN, 404: missing}),
    }


@router.get(
    "/contracts/{contract_id}",
    tags=["contracts"],
    summary="An employment contract",
    responses=problem_responses({**LOGGED_IN, 404: "No such contract you may see"}),
)
async def contract(contract_id: str, principal: CurrentPrincipal, payroll: UseCases) -> Contract:
    return await payroll.queries.contract(principal, contract_id)


@router.get(
    "/contracts",
    tags=["contracts"],
    summary="The contract of a job",
    responses=problem_responses({**LOGGED_IN, 404: "No contract for a job you may see"}),
)
async def contracts(
    job_id: Annotated[str, Query(min_length=1)], principal: CurrentPrincipal, payroll: UseCases
) -> list[Contract]:
    return await payroll.queries.contracts_of_job(principal, job_id)


@router.get(
    "/declarations",
    tags=["declarations"],
    summary="Social declarations of a contract: Dimona at hiring, periodic lines",
    responses=problem_responses({**LOGGED_IN, 404: "No such contract you may see"}),
)
async def declarations(
    contract_id: Annotated[str, Query(min_length=1)],
    principal: CurrentPrincipal,
    payroll: UseCases,
) -> list[Declaration]:
    return await payroll.queries.declarations(principal, contract_id)


@router.get(
    "/payslips/{payslip_id}",
    tags=["payslips"],
    summary="A payslip, every figure shown",
    responses=problem_responses({**LOGGED_IN, 404: "No such payslip you may see"}),
)
async def payslip(payslip_id: str, principal: CurrentPrincipal, payroll: UseCases) -> Payslip:
    return await payroll.queries.payslip(principal, payslip_id)


@router.post(
    "/simulations",
    tags=["simulations"],
    summary="Simulate a salary from the amount invoiced (member view) or a gross; nothing stored",
    responses=problem_responses({**LOGGED_IN, **NOT_CONFIGURED}),
)
async def simulation(
    body: SimulationIn, principal: CurrentPrincipal, payroll: UseCases
) -> Simulation:
    return payroll.queries.simulation(body)


@router.post(
    "/payment-batches",
    status_code=201,
    tags=["salary payments"],
    summary="Admin: gather the entity's pending salary payments into one SEPA batch",
    responses=problem_responses(
        {
            **ADMIN,
            422: "No payment order is ready (or several currencies)",
            428: "An Idempotency-Key is required (a batch moves money)",
        }
    ),
)
async def create_batch(
    principal: AdminPrincipal,
    payroll: UseCases,
    response: Response,
    key: IdempotencyKey = None,
) -> PaymentBatch:
    batch, created = await payroll.create_payment_batch(
        principal, required_key(key, "a salary payment batch")
    )
    answer_status(response, created)
    return batch


@router.get(
    "/payment-batches/{batch_id}",
    tags=["salary payments"],
    summary="Admin: a salary payment batch",
    responses=problem_responses({**ADMIN, 404: "No such payment batch"}),
)
async def batch(batch_id: str, principal: AdminPrincipal, payroll: UseCases) -> PaymentBatch:
    return await payroll.queries.batch(principal, batch_id)


@router.get(
    "/payment-batches/{batch_id}/xml",
    tags=["salary payments"],
    summary="The batch as pain.001.001.09 (SALA, structured addresses); marks it exported",
    response_class=Response,
    responses={
        200: {"content": {"application/xml": {}}, "description": "pain.001.001.09"},
        **problem_responses({**ADMIN, 404: "No such payment batch"}),
    },
)
async def batch_xml(batch_id: str, principal: AdminPrincipal, payroll: UseCases) -> Response:
    content = await payroll.export_payment_batch(principal, batch_id)
    return Response(
        content,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{batch_id}.xml"'},
    )


@router.post(
    "/payment-batches/{batch_id}/confirmation",
    tags=["salary payments"],
    summary="Admin: the bank executed the batch; every salary in it is paid",
    responses=problem_responses(
        {
            **ADMIN,
            404: "No such payment batch",
            409: "Not exported to the bank yet",
            428: "An Idempotency-Key is required (confirming pays salaries)",
        }
    ),
)
async def confirm_batch(
    batch_id: str, principal: AdminPrincipal, payroll: UseCases, key: IdempotencyKey = None
) -> PaymentBatch:
    return await payroll.confirm_payment_batch(
        principal, batch_id, required_key(key, "confirming a salary payment batch")
    )


@router.post(
    "/declarations/{declaration_id}/resubmission",
    tags=["declarations"],
    summary="Counsellor: correct a refused hiring declaration and submit it again",
    responses=problem_responses(
        {
            **STAFF,
            404: "No such declaration",
            409: "Not a refused hiring declaration",
            422: "Not a valid national register number",
        }
    ),
)
async def resubmit(
    declaration_id: str, body: CorrectionIn, principal: StaffPrincipal, payroll: UseCases
) -> HiringDeclaration:
    return await payroll.resubmit_declaration(principal, declaration_id, body)


@router.get(
    "/periodic-declarations",
    tags=["declarations"],
    summary="Back office: the entity's periodic declarations (DmfA quarters) with their totals",
    responses=problem_responses(STAFF),
)
async def periodic_declarations(
    principal: StaffPrincipal,
    payroll: UseCases,
    entity: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    period: Annotated[str | None, Query(pattern=r"^\d{4}-(Q[1-4]|(0[1-9]|1[0-2]))$")] = None,
) -> list[PeriodicDeclaration]:
    return await payroll.queries.periodic_declarations(principal, entity, period)


@router.get(
    "/periodic-declarations/{declaration_id}/file",
    tags=["declarations"],
    summary="The declaration as a file (DmfA blocks), rebuilt identically from its lines",
    response_class=Response,
    responses={
        200: {"content": {"application/xml": {}}, "description": "DmfA XML or DSN"},
        **problem_responses(
            {**STAFF, 404: "No such periodic declaration", 422: "No file format for its kind"}
        ),
    },
)
async def periodic_declaration_file(
    declaration_id: str, principal: StaffPrincipal, payroll: UseCases
) -> Response:
    name, content = await payroll.queries.periodic_declaration_file(principal, declaration_id)
    return Response(
        content,
        media_type="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


Language = Annotated[
    str | None,
    Query(pattern="^(fr|nl|en)$", description="fr, nl or en; default: the member's language"),
]


@router.get(
    "/payslips/{payslip_id}/pdf",
    tags=["payslips"],
    summary="The payslip as PDF (every figure, the rules applied)",
    response_class=Response,
    responses=_document("application/pdf", "PDF", "No such payslip you may see"),
)
async def payslip_pdf(
    payslip_id: str, principal: CurrentPrincipal, payroll: UseCases, language: Language = None
) -> Response:
    content = await payroll.queries.payslip_pdf(principal, payslip_id, language)
    return Response(content, media_type="application/pdf")


@router.get(
    "/contracts/{contract_id}/pdf",
    tags=["contracts"],
    summary="The employment contract as PDF",
    response_class=Response,
    responses=_document("application/pdf", "PDF", "No such contract you may see"),
)
async def contract_pdf(
    contract_id: str, principal: CurrentPrincipal, payroll: UseCases, language: Language = None
) -> Response:
    content = await payroll.queries.contract_pdf(principal, contract_id, language)
    return Response(content, media_type="application/pdf")


@router.post(
    "/salary-plans",
    tags=["simulations"],
    summary="Long contract: monthly salaries smoothed from forecast revenue, adjusted to actuals",
    responses=problem_responses({**LOGGED_IN, **NOT_CONFIGURED}),
)
async def salary_plan(
    body: SalaryPlanIn, principal: CurrentPrincipal, payroll: UseCases
) -> SalaryPlan:
    return payroll.queries.salary_plan(body)


@router.get(
    "/long-contracts/{contract_id}",
    tags=["contracts"],
    summary="A long contract and its smoothed plan (budget and salary of each month)",
    responses=problem_responses(
        {**LOGGED_IN, 404: "No such contract you may see", 422: "Not a long contract"}
    ),
)
async def long_contract(
    contract_id: str, principal: CurrentPrincipal, payroll: UseCases
) -> LongContract:
    return await payroll.queries.long_contract(principal, contract_id)


@router.put(
    "/long-contracts/{contract_id}/revenue/{month}",
    tags=["contracts"],
    summary="Staff: the actual revenue of a month that is over (the months left absorb it)",
    responses=problem_responses(STAFF_RUNS),
)
async def record_month_revenue(
    contract_id: str,
    month: Annotated[str, Path(pattern=MONTH)],
    body: MonthRevenueIn,
    principal: StaffPrincipal,
    payroll: UseCases,
) -> LongContract:
    return await payroll.record_month_revenue(principal, contract_id, month, body)


@router.post(
    "/long-contracts/{contract_id}/payslips",
    status_code=201,
    tags=["contracts"],
    summary="Staff: the month's payslip, payment order and DmfA line",
    responses=problem_responses(STAFF_RUNS),
)
async def pay_month(
    contract_id: str, body: MonthPayslipIn, principal: StaffPrincipal, payroll: UseCases
) -> Payslip:
    return await payroll.pay_month(principal, contract_id, body)


@router.post(
    "/long-contracts/{contract_id}/early-end",
    tags=["contracts"],
    summary="Staff: end the contract after an earlier month (the Dimona period is updated)",
    responses=problem_responses(STAFF_RUNS),
)
async def end_long_contract_early(
    contract_id: str, body: EarlyEndIn, principal: StaffPrincipal, payroll: UseCases
) -> LongContract:
    return await payroll.end_long_contract_early(principal, contract_id, body)


@router.post(
    "/long-contracts/{contract_id}/regularisation",
    tags=["contracts"],
    summary="Staff: close the contract once every month is paid and known (pays what is left)",
    responses=problem_responses(STAFF_RUNS),
)
async def regularise_long_contract(
    contract_id: str, principal: StaffPrincipal, payroll: UseCases
) -> Regularisation:
    return await payroll.regularise_long_contract(principal, contract_id)
