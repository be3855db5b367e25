"""MongoDB collections of the payroll service and their business-key indexes."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, Transaction

CONTRACTS = "contracts"
BUDGET_JOBS = "budget_jobs"
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


class Contracts:
    """Employment contracts, one per job (or long contract), in the caller's transaction."""

    def __init__(self, tx: Transaction):
        self._contracts = tx.collection(CONTRACTS)

    async def add(self, contract: Document) -> None:
        await self._contracts.insert_one(contract)

    async def get(self, contract_id: str) -> Document | None:
        return await self._contracts.find_one({"_id": contract_id})

    async def of_job(self, job_id: str) -> Document | None:
        return await self._contracts.find_one({"job_id": job_id})

    async def exists_for_job(self, job_id: str) -> bool:
        return bool(await self._contracts.find_one({"job_id": job_id}, projection={"_id": 1}))

    async def hours_contracted(self, member_id: str, contract_type: str, year: int) -> int:
        """The hours of the worker's contracts of this type starting in ``year``."""
        contracts = await self._contracts.find(
            {
                "member_id": member_id,
                "contract_type": contract_type,
                "status": "generated",
                "start_date": {"$gte": f"{year}-01-01", "$lte": f"{year}-12-31"},
            },
            projection={"planned_hours": 1},
        )
        return sum(contract.get("planned_hours") or 0 for contract in contracts)

    async def cancel(self, contract_id: str, reason: str, at: datetime) -> None:
        await self._contracts.update_one(
            {"_id": contract_id},
            {"$set": {"status": "cancelled", "cancelled_at": at, "reason": reason}},
        )

    async def set_worker_number(self, contract_id: str, sealed_number: str) -> None:
        await self._contracts.update_one(
            {"_id": contract_id},
            {"$set": {"job.worker.national_register_number": sealed_number}},
        )

    async def change(self, expected: Document, update: Document) -> bool:
        """Apply ``update`` to the contract ``expected`` matches (its id and the version of the
        plan it was read with); False when it changed meanwhile."""
        return await self._contracts.update_one(expected, update) == 1


class HiringDeclarations:
    def __init__(self, tx: Transaction):
        self._declarations = tx.collection(HIRING_DECLARATIONS)

    async def add(self, declaration: Document) -> None:
        await self._declarations.insert_one(declaration)

    async def get(self, declaration_id: str) -> Document | None:
        return await self._declarations.find_one({"_id": declaration_id})

    async def hiring_of(self, contract_id: str) -> Document | None:
        """The contract's hiring declaration itself (not its cancellation)."""
        return await self._declarations.find_one(
            {"contract_id": contract_id, "kind": {"$ne": "dimona_cancel"}}
        )

    async def withdraw(self, declaration_id: str) -> None:
        await self._declarations.update_one(
            {"_id": declaration_id, "status": "to_submit"}, {"$set": {"status": "withdrawn"}}
        )

    async def ask_cancellation(self, declaration_id: str) -> None:
        """Cancel it once its answer is known (it is at the gateway now)."""
        await self._declarations.update_one(
            {"_id": declaration_id}, {"$set": {"cancel_requested": True}}
        )

    async def resubmit(self, declaration_id: str, body: Document, correction: Document) -> bool:
        """A refused declaration, corrected, to submit again; False when no longer refused."""
        changed = await self._declarations.update_one(
            {"_id": declaration_id, "status": "refused"},
            {
                "$set": {"status": "to_submit", "body": body, "submission_claims": 0},
                "$inc": {"resubmissions": 1},
                "$push": {"history": correction},
            },
        )
        return changed == 1

    async def still_submitted(self, declaration_ids: list[str]) -> set[str]:
        rows = await self._declarations.find(
            {"_id": {"$in": declaration_ids}, "status": "submitted"}, projection={"_id": True}
        )
        return {row["_id"] for row in rows}

    async def apply(self, changes: list[UpdateOne]) -> None:
        await self._declarations.bulk_write(changes)


class BudgetJobs:
    """Jobs of budget-mode activities: no contract, no payslip of their own (their revenue stays
    in the activity's budget); kept with the worker sealed, the member's latest identity."""

    def __init__(self, tx: Transaction):
        self._jobs = tx.collection(BUDGET_JOBS)

    async def add(self, job: Document) -> None:
        await self._jobs.insert_if_absent(job)

    async def exists(self, job_id: str) -> bool:
        return await self._jobs.find_one({"_id": job_id}, projection={"_id": 1}) is not None
