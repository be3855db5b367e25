"""An administrator withdraws a role; the entity always keeps one administrator."""

from __future__ import annotations

from smart_common.auth import Principal, Role
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict
from smart_members.adapters.repositories import Users
from smart_members.schemas import StaffMember
from smart_members.use_cases.staff import audit, person_of, require_admin


class WithdrawRole(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock, entity: str):
        self._uow = uow
        self._clock = clock
        self._entity = entity

    async def __call__(self, principal: Principal, member_id: str, role: str) -> StaffMember:
        require_admin(principal, self._entity)

        async def withdraw(tx: Transaction) -> StaffMember:
            users = Users(tx)
            user = await person_of(tx, member_id, self._entity)
            if role == Role.ADMIN and role in user["roles"]:
                if len(await users.holders(self._entity, Role.ADMIN)) <= 1:
                    raise Conflict(f"the last administrator of entity {self._entity} stays one")
            if await users.withdraw(member_id, role):
                await audit(tx, self._clock, principal, "role_withdrawn", member_id, role=role)
                user["roles"] = [held for held in user["roles"] if held != role]
            return StaffMember.of(user)

        return await self._uow.run(withdraw)
