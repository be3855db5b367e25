"""A member or staff logs in with their e-mail and password and receives an access token."""

from __future__ import annotations

from smart_common.auth import Role, TokenCodec
from smart_common.bus import UseCase
from smart_common.persistence import UnitOfWork
from smart_common.problems import Unauthorized
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import USERS
from smart_members.schemas import AccessToken


class LogIn(UseCase):
    def __init__(self, uow: UnitOfWork, passwords: PasswordHashing, tokens: TokenCodec):
        self._uow = uow
        self._passwords = passwords
        self._tokens = tokens

    async def __call__(self, email: str, password: str) -> AccessToken:
        user = await self._uow.find_one(USERS, {"email": email.lower()})
        if user is None or not await self._passwords.verify(user["password_hash"], password):
            raise Unauthorized("unknown e-mail or wrong password")
        roles = frozenset(Role(role) for role in user["roles"])
        token = self._tokens.issue(user["_id"], user["entity"], roles)
        return AccessToken(access_token=token, token_type="bearer", member_id=user["_id"])
