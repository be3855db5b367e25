"""What the members routes read: members, clients and jobs as their callers may see them."""

from __future__ import annotations

from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.persistence import UnitOfWork
from smart_common.problems import NotFound
from smart_members.adapters.repositories import CLIENTS, JOBS, USERS
from smart_members.schemas import Client, Job, Member


class MemberQueries:
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def member(self, member_id: str) -> Member:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        return Member.of(user)

    async def clients(self, member_id: str) -> list[Client]:
        return [Client.of(c) for c in await self._uow.find(CLIENTS, {"member_id": member_id})]

    async def client(self, principal: Principal, client_id: str) -> Client:
        return Client.of(
            await find_visible(self._uow, CLIENTS, {"_id": client_id}, principal, "client")
        )

    async def job(self, principal: Principal, job_id: str) -> Job:
        return Job.of(await find_visible(self._uow, JOBS, {"_id": job_id}, principal, "job"))

    async def jobs(self, principal: Principal, limit: int) -> list[Job]:
        found = await self._uow.find(
            JOBS,
            visible_scope(principal),
            sort=[("declared_at", -1)],
            limit=max(1, min(limit, 500)),
        )
        return [Job.of(job) for job in found]
