"""A member asked for their data: payroll's part — their employment contracts and payslips
(records and PDF), hiring declarations (Dimona, DPAE), salary payment orders and their lines
of the periodic declarations (DmfA, DSN; the declarations themselves hold other workers)."""

from __future__ import annotations

import asyncio

from smart_common.events.payroll import PayrollDataExportPart
from smart_common.member_data import ContributeToDataExport, Files, Gathered, Holding
from smart_common.persistence import Transaction
from smart_common.personal_data import PersonalDataCipher
from smart_payroll.adapters.repositories import (
    BUDGET_JOBS,
    CONTRACTS,
    DECLARATION_LINES,
    HIRING_DECLARATIONS,
    PAYMENT_ORDERS,
    PAYSLIPS,
)
from smart_payroll.queries import PayrollQueries


class OnDataExportRequested(ContributeToDataExport):
    consumer = "payroll-data-export"
    service = "payroll"
    part = PayrollDataExportPart
    holdings = (
        Holding(CONTRACTS),
        Holding(BUDGET_JOBS),
        Holding(PAYSLIPS),
        Holding(HIRING_DECLARATIONS),
        Holding(PAYMENT_ORDERS),
        Holding(DECLARATION_LINES, field="worker.member_id"),
    )

    def __init__(self, cipher: PersonalDataCipher, queries: PayrollQueries):
        super().__init__(cipher)
        self._queries = queries

    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        return await asyncio.to_thread(self._rendered, gathered)

    def _rendered(self, gathered: Gathered) -> Files:
        contracts = {contract["_id"]: contract for contract in gathered[CONTRACTS]}
        files: Files = [
            (f"contract-{contract['_id']}.pdf", self._queries.contract_document(contract))
            for contract in contracts.values()
            if contract.get("status") != "refused"
        ]
        files.extend(
            (
                f"payslip-{payslip['_id']}.pdf",
                self._queries.payslip_document(payslip, contracts[payslip["contract_id"]]),
            )
            for payslip in gathered[PAYSLIPS]
        )
        return files
