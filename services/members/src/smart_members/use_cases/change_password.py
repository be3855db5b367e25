"""A logged-in member changes their password (the current one is asked again); their other
logins are revoked."""

from __future__ import annotations

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import NotFound, Unauthorized, Unprocessable
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import USERS, RefreshTokens, Users
from smart_members.domain.password_policy import password_problem


class ChangePassword(UseCase):
    def __init__(self, uow: UnitOfWork, passwords: PasswordHashing, clock: Clock):
        self._uow = uow
        self._passwords = passwords
        self._clock = clock

    async def __call__(self, member_id: str, current: str, new: str) -> None:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None:
            raise NotFound("no such member")
        if not await self._passwords.verify(user["password_hash"], current):
            raise Unauthorized("current_password: not your current password")
        if problem := password_problem(new, user["email"], user["first_name"], user["last_name"]):
            raise Unprocessable(problem.replace("password:", "new_password:", 1))
        hashed = await self._passwords.hash(new)

        async def change(tx: Transaction) -> None:
            await Users(tx).set_profile(member_id, {"password_hash": hashed})
            await RefreshTokens(tx).revoke_member(member_id, self._clock.now())

        await self._uow.run(change)
