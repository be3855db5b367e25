"""What the members routes read: members, clients and jobs as their callers may see them."""

from __future__ import annotations

from datetime import date

from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.persistence import UnitOfWork
from smart_common.personal_data_reads import PersonalDataReads
from smart_common.problems import NotFound
from smart_common.representation import public_document
from smart_members.adapters.data_exports import DATA_EXPORTS
from smart_members.adapters.erasures import ERASURES
from smart_members.adapters.repositories import (
    CLIENTS,
    JOBS,
    OUTGOING_MAIL,
    STAFF_AUDIT,
    USERS,
)
from smart_members.payroll_terms import PayrollTermsInForce
from smart_members.schemas import (
    Client,
    ContractTypesInForce,
    DataExport,
    Erasure,
    Job,
    Member,
    StaffChange,
    StaffMember,
    UndeliveredMail,
)
from smart_members.use_cases.staff import GRANTABLE, require_admin


class MemberQueries:
    def __init__(
        self,
        uow: UnitOfWork,
        terms: PayrollTermsInForce,
        entity: str,
        clock: Clock,
        reads: PersonalDataReads,
    ):
        self._reads = reads
        self._uow = uow
        self._terms = terms
        self._entity = entity
        self._clock = clock

    async def contract_types(self, on: date | None) -> ContractTypesInForce:
        day = on or self._clock.today()
        terms = await self._terms.on(self._entity, day)
        return ContractTypesInForce(
            entity=self._entity,
            on=day,
            effective_from=terms.effective_from,
            contract_types=[kind for kind in terms.kinds.values() if kind.payable],
        )

    async def data_export(self, member_id: str, export_id: str) -> DataExport:
        found = await self._uow.find_one(
            DATA_EXPORTS, {"_id": export_id, "member_id": member_id}, projection={"key": 0}
        )
        if found is None:
            raise NotFound("no such data export of yours")
        return DataExport.of(found)

    async def erasures(self) -> list[Erasure]:
        """The entity's latest erasures, newest first."""
        found = await self._uow.find(
            ERASURES, {"entity": self._entity}, sort=[("requested_at", -1)], limit=100
        )
        return [Erasure.of(erasure) for erasure in found]

    async def staff(self, principal: Principal) -> list[StaffMember]:
        """The entity's staff and integrators (administrators of the entity only)."""
        require_admin(principal, self._entity)
        found = await self._uow.find(
            USERS,
            {"entity": self._entity, "roles": {"$in": [role.value for role in GRANTABLE]}},
            sort=[("email", 1)],
            limit=1000,
        )
        return [StaffMember.of(user) for user in found]

    async def staff_audit(self, principal: Principal, limit: int) -> list[StaffChange]:
        require_admin(principal, self._entity)
        found = await self._uow.find(
            STAFF_AUDIT, {"entity": self._entity}, sort=[("at", -1)], limit=max(1, min(limit, 500))
        )
        return [
            StaffChange.model_validate(public_document(change, "change_id")) for change in found
        ]

    async def undelivered_mail(self) -> list[UndeliveredMail]:
        found = await self._uow.find(
            OUTGOING_MAIL, {"status": "failed"}, sort=[("created_at", -1)], limit=500
        )
        return [
            UndeliveredMail.model_validate(
                public_document(mail, "mail_id", hidden=("body", "subject"))
            )
            for mail in found
        ]

    async def member(self, member_id: str) -> Member:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        return Member.of(user)

    async def member_seen_by(self, principal: Principal, member_id: str) -> Member:
        """A member as ``principal`` may see them (themselves; staff: their entity's), the
        read recorded when it is someone else's."""
        found = await self.member(member_id)
        if not principal.may_see(owner_id=member_id, entity=found.entity):
            raise NotFound("no such member")
        await self._reads.record(principal, [member_id], "member record (profile, masked IBAN)")
        return found

    async def clients(self, member_id: str) -> list[Client]:
        return [Client.of(c) for c in await self._uow.find(CLIENTS, {"member_id": member_id})]

    async def client(self, principal: Principal, client_id: str) -> Client:
        return Client.of(
            await find_visible(self._uow, CLIENTS, {"_id": client_id}, principal, "client")
        )

    async def job(self, principal: Principal, job_id: str) -> Job:
        return Job.of(await find_visible(self._uow, JOBS, {"_id": job_id}, principal, "job"))

    async def jobs(self, principal: Principal, limit: int, status: str | None = None) -> list[Job]:
        query = visible_scope(principal)
        if status:
            query["status"] = status
        found = await self._uow.find(
            JOBS,
            query,
            sort=[("declared_at", -1)],
            limit=max(1, min(limit, 500)),
        )
        return [Job.of(job) for job in found]
