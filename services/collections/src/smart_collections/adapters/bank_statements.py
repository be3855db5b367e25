"""Imported bank statements and their lines (one document per line: a statement may be long)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.persistence import Document, Transaction

BANK_STATEMENTS = "bank_statements"
STATEMENT_LINES = "bank_statement_lines"


async def ensure_statement_indexes(database: AsyncDatabase[Document]) -> None:
    await database[BANK_STATEMENTS].create_index([("file_sha256", ASCENDING)])
    await database[BANK_STATEMENTS].create_index(
        [("entity", ASCENDING), ("imported_at", DESCENDING)]
    )
    await database[STATEMENT_LINES].create_index(
        [("statement_id", ASCENDING), ("index", ASCENDING)]
    )


class BankStatements:
    def __init__(self, tx: Transaction):
        self._statements = tx.collection(BANK_STATEMENTS)
        self._lines = tx.collection(STATEMENT_LINES)

    async def known(self, statement_id: str, file_sha256: str) -> Document | None:
        """The statement imported already: the same account, sequence and date (its id), or
        the same file."""
        return await self._statements.find_one(
            {"$or": [{"_id": statement_id}, {"file_sha256": file_sha256}]}
        )

    async def add(self, statement: Document, lines: list[Document]) -> None:
        await self._statements.insert_one(statement)
        if lines:
            await self._lines.insert_many(lines)

    async def line_matched(self, payment_id: str, receivable_id: str, status: str) -> None:
        """The payment of a line was assigned by staff: the line and its statement's counts."""
        line = await self._lines.find_one({"payment_id": payment_id})
        if line is None or line["status"] != "unmatched":
            return
        await self._lines.update_one(
            {"_id": line["_id"]},
            {
                "$set": {"status": status, "receivable_id": receivable_id},
                "$unset": {"unmatched_reason": ""},
            },
        )
        await self._statements.update_one(
            {"_id": line["statement_id"]}, {"$inc": {"matched": 1, "unmatched": -1}}
        )
