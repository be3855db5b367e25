"""The entity's first administrator, created at start-up when no account has its e-mail."""

from __future__ import annotations

import uuid

from smart_common.auth import Role
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import USERS, Users


class EnsureAdmin(UseCase):
    def __init__(self, uow: UnitOfWork, passwords: PasswordHashing, clock: Clock, entity: str):
        self._uow = uow
        self._passwords = passwords
        self._clock = clock
        self._entity = entity

    async def __call__(self, email: str, password: str) -> None:
        if await self._uow.find_one(USERS, {"email": email.lower()}) is not None:
            return
        hashed = await self._passwords.hash(password)

        async def create(tx: Transaction) -> None:
            await Users(tx).add(
                {
                    "_id": str(uuid.uuid4()),
                    "email": email.lower(),
                    "password_hash": hashed,
                    "first_name": "Admin",
                    "last_name": self._entity,
                    "entity": self._entity,
                    "roles": [Role.ADMIN.value],
                    "registered_at": self._clock.now(),
                    "email_verified_at": self._clock.now(),  # the operator's own address
                }
            )

        await self._uow.run(create)
