"""An administrator assigns a member their counsellor (someone of the entity holding the
counsellor role)."""

from __future__ import annotations

from smart_common.auth import Principal, Role
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_members.adapters.repositories import Users
from smart_members.schemas import Member
from smart_members.use_cases.staff import audit, person_of, require_admin


class AssignCounsellor(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock, entity: str):
        self._uow = uow
        self._clock = clock
        self._entity = entity

    async def __call__(self, principal: Principal, member_id: str, counsellor_id: str) -> Member:
        require_admin(principal, self._entity)

        async def assign(tx: Transaction) -> Member:
            member = await person_of(tx, member_id, self._entity)
            counsellor = await Users(tx).get(counsellor_id)
            if (
                counsellor is None
                or counsellor["entity"] != self._entity
                or Role.COUNSELLOR not in counsellor["roles"]
            ):
                raise Unprocessable(
                    f"counsellor_id: {counsellor_id} is not a counsellor of entity {self._entity}"
                )
            if member.get("counsellor_id") != counsellor_id:
                await Users(tx).assign_counsellor(member_id, counsellor_id)
                await audit(
                    tx,
                    self._clock,
                    principal,
                    "counsellor_assigned",
                    member_id,
                    counsellor_id=counsellor_id,
                )
                member["counsellor_id"] = counsellor_id
            return Member.of(member)

        return await self._uow.run(assign)
