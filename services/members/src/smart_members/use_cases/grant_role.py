"""An administrator gives someone of the entity a role: counsellor, administrator or
integrator (effective from their next login)."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_members.adapters.repositories import Users
from smart_members.schemas import StaffMember
from smart_members.use_cases.staff import audit, person_of, require_admin


class GrantRole(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock, entity: str):
        self._uow = uow
        self._clock = clock
        self._entity = entity

    async def __call__(self, principal: Principal, member_id: str, role: str) -> StaffMember:
        require_admin(principal, self._entity)

        async def grant(tx: Transaction) -> StaffMember:
            user = await person_of(tx, member_id, self._entity)
            if await Users(tx).grant(member_id, role):
                await audit(tx, self._clock, principal, "role_granted", member_id, role=role)
                user["roles"] = [*user["roles"], role]
            return StaffMember.of(user)

        return await self._uow.run(grant)
