"""Who read a member's personal data (GDPR art. 5(2), accountability): every read by someone
other than the member — a counsellor opening their record or payslip, an administrator
exporting a salary batch with their IBAN, staff downloading a declaration with their national
number — is written before the answer leaves, so no read goes unrecorded (a failed write fails
the request). The data-protection officer reads the log per member
(``GET /v1/operations/personal-data-reads``); it names people by id only.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.persistence import Document, UnitOfWork

PERSONAL_DATA_READS = "personal_data_reads"


async def ensure_personal_data_read_indexes(database: AsyncDatabase[Document]) -> None:
    await database[PERSONAL_DATA_READS].create_index([("member_id", ASCENDING), ("at", DESCENDING)])


class PersonalDataReads:
    def __init__(self, uow: UnitOfWork, clock: Clock, service: str):
        self._uow = uow
        self._clock = clock
        self._service = service

    async def record(self, reader: Principal, member_ids: Iterable[str], what: str) -> None:
        """``reader`` read ``what`` about each of ``member_ids`` (their own reads aside)."""
        about = sorted(set(member_ids) - {reader.subject})
        if not about:
            return
        now = self._clock.now()
        rows = [
            {
                "_id": str(uuid.uuid4()),
                "member_id": member_id,
                "reader": reader.subject,
                "reader_roles": sorted(role.value for role in reader.roles),
                "what": what,
                "service": self._service,
                "at": now,
            }
            for member_id in about
        ]

        async def insert(database: AsyncDatabase[Document]) -> None:
            await database[PERSONAL_DATA_READS].insert_many(rows)

        await self._uow.single(insert)

    async def of_member(self, member_id: str, limit: int) -> list[Document]:
        return await self._uow.find(
            PERSONAL_DATA_READS, {"member_id": member_id}, sort=[("at", -1)], limit=limit
        )
