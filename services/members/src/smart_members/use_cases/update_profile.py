"""The member (or staff of their entity) corrects the address, the tax situation or the
language; jobs declared from now on carry them to payroll."""

from __future__ import annotations

from typing import Any

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import NotFound, Unprocessable
from smart_members.adapters.repositories import Users
from smart_members.schemas import Member, ProfileIn


class UpdateProfile(UseCase):
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def __call__(self, principal: Principal, member_id: str, profile: ProfileIn) -> Member:
        if not principal.is_staff and principal.subject != member_id:
            raise NotFound("no such member")
        changes: dict[str, Any] = {}
        if profile.address is not None:
            changes["address"] = profile.address.model_dump()
        if profile.tax_situation is not None:
            changes["tax_situation"] = profile.tax_situation.model_dump(mode="json")
        if profile.language is not None:
            changes["language"] = profile.language
        if not changes:
            raise Unprocessable("give an address, a tax_situation or a language")

        async def update(tx: Transaction) -> Member:
            user = await Users(tx).get(member_id)
            if user is None or (principal.is_staff and user["entity"] != principal.entity):
                raise NotFound("no such member")
            await Users(tx).set_profile(member_id, changes)
            return Member.of(user | changes)

        return await self._uow.run(update)
