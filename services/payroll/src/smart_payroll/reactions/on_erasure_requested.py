"""A member asked to be erased: payroll keeps their contracts, declarations and payslips as
long as social law requires, and their salary payments as long as accounting law does; then
their names, sealed numbers, IBAN and address go."""

from __future__ import annotations

from smart_common.events.payroll import PayrollErasureReport
from smart_common.member_data import Holding
from smart_common.member_erasure import Erasable, EraseMemberData
from smart_payroll.adapters.repositories import (
    BUDGET_JOBS,
    CONTRACTS,
    DECLARATION_LINES,
    HIRING_DECLARATIONS,
    PAYMENT_ORDERS,
    PAYSLIPS,
)

WORKER = ("worker.first_name", "worker.last_name", "worker.ssin")

ERASABLES = (
    Erasable(Holding(CONTRACTS), (*WORKER, "job"), "retention_payroll"),
    Erasable(Holding(BUDGET_JOBS), ("job",), None),  # no contract: nothing the law keeps
    Erasable(Holding(HIRING_DECLARATIONS), ("body",), "retention_payroll"),
    Erasable(Holding(PAYSLIPS), ("tax_situation",), "retention_payroll"),
    Erasable(Holding(DECLARATION_LINES, field="worker.member_id"), WORKER, "retention_payroll"),
    Erasable(
        Holding(PAYMENT_ORDERS),
        ("creditor.name", "creditor.iban", "creditor.address"),
        "retention_accounting",
    ),
)


class OnErasureRequested(EraseMemberData):
    consumer = "payroll-erasure"
    service = "payroll"
    report = PayrollErasureReport
    erasables = ERASABLES
