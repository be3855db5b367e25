"""MongoDB collections of the payroll service and their business-key indexes."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document

CONTRACTS = "contracts"
HIRING_DECLARATIONS = "hiring_declarations"
PAYSLIPS = "payslips"
PAYMENT_ORDERS = "salary_payment_orders"
PAYMENT_BATCHES = "salary_payment_batches"
PERIODIC_DECLARATIONS = "periodic_declarations"
DECLARATION_LINES = "periodic_declaration_lines"


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[CONTRACTS].create_index([("job_id", ASCENDING)], unique=True)
    await database[HIRING_DECLARATIONS].create_index(
        [("contract_id", ASCENDING), ("kind", ASCENDING)], unique=True
    )
    await database[HIRING_DECLARATIONS].create_index([("status", ASCENDING)])
    # one payslip per job's contract, one per month of a long contract (jobs have no month);
    # the one-per-contract indexes of databases made before long contracts are replaced
    for collection in (PAYSLIPS, DECLARATION_LINES):
        if "contract_id_1" in await database[collection].index_information():
            await database[collection].drop_index("contract_id_1")
    await database[PAYSLIPS].create_index(
        [("contract_id", ASCENDING), ("month", ASCENDING)], unique=True
    )
    await database[PAYSLIPS].create_index([("job_id", ASCENDING)])
    # a payslip's year to date, a student's hours in the year: per worker, never a scan
    await database[PAYSLIPS].create_index([("member_id", ASCENDING), ("year", ASCENDING)])
    await database[CONTRACTS].create_index([("member_id", ASCENDING), ("start_date", ASCENDING)])
    await database[PAYMENT_ORDERS].create_index([("payslip_id", ASCENDING)], unique=True)
    await database[PERIODIC_DECLARATIONS].create_index(
        [("entity", ASCENDING), ("kind", ASCENDING), ("period", ASCENDING)], unique=True
    )
    await database[DECLARATION_LINES].create_index([("payslip_id", ASCENDING)], unique=True)
    await database[DECLARATION_LINES].create_index([("contract_id", ASCENDING)])
    await database[PAYMENT_ORDERS].create_index([("status", ASCENDING), ("entity", ASCENDING)])
