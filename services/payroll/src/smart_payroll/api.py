"""HTTP routes of the payroll service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from smart_common.auth import CurrentPrincipal
from smart_payroll.handlers import PayrollHandlers
from smart_payroll.simulation import SimulationIn, simulate


def handlers_of(request: Request) -> PayrollHandlers:
    return request.app.state.container


Handlers = Annotated[PayrollHandlers, Depends(handlers_of)]
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
