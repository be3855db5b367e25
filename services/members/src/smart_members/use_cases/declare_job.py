"""A member declares a job: the one action from which contract, declaration, invoice,
follow-up, salary and payslip follow."""

from __future__ import annotations

import uuid

from smart_common.bus import UseCase
from smart_common.events.members import JobDeclared
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import NotFound
from smart_members.adapters.repositories import CLIENTS, USERS
from smart_members.schemas import Job, JobIn
from smart_members.use_cases.job_declaration import JobDeclaration


class DeclareJob(UseCase):
    raises = (JobDeclared,)

    def __init__(self, uow: UnitOfWork, declaration: JobDeclaration):
        self._uow = uow
        self._declaration = declaration

    async def __call__(
        self, member_id: str, job: JobIn, idempotency_key: str | None
    ) -> tuple[Job, bool]:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        client = await self._uow.find_one(CLIENTS, {"_id": job.client_id})
        await self._declaration.check(user, client, job)
        assert client is not None

        async def create(tx: Transaction) -> Job:
            return await self._declaration.record(tx, user, client, job, str(uuid.uuid4()))

        return await run_idempotent_as(
            Job,
            self._uow,
            scope=f"job:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(job),
            create=create,
        )
