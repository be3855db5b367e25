"""A member or staff logs in with their e-mail and password and receives an access token.

Failed attempts slow the next ones down, per account and per client address (429 with
``Retry-After``, before any password is checked); an unknown e-mail costs the same time as a
wrong password, so that the answer's timing does not tell whether an account exists."""

from __future__ import annotations

import math

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import UnitOfWork
from smart_common.problems import TooManyRequests, Unauthorized
from smart_members.adapters.login_attempts import LoginAttempts, throttling_key
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import USERS
from smart_members.domain.throttling import ThrottlePolicy
from smart_members.schemas import AccessToken
from smart_members.use_cases.sessions import Sessions


class LogIn(UseCase):
    def __init__(
        self,
        uow: UnitOfWork,
        passwords: PasswordHashing,
        sessions: Sessions,
        clock: Clock,
        per_account: ThrottlePolicy,
        per_address: ThrottlePolicy,
    ):
        self._uow = uow
        self._passwords = passwords
        self._sessions = sessions
        self._clock = clock
        self._attempts = LoginAttempts(uow)
        self._per_account = per_account
        self._per_address = per_address

    async def __call__(self, email: str, password: str, address: str) -> AccessToken:
        account = throttling_key("account", email)
        keys = {account: self._per_account, throttling_key("address", address): self._per_address}
        now = self._clock.now()
        recent = await self._attempts.recent(list(keys))
        blocked_until = max(
            (attempts.blocked_until(keys[key]) for key, attempts in recent.items()), default=now
        )
        if blocked_until > now:
            wait = math.ceil((blocked_until - now).total_seconds())
            raise TooManyRequests(
                f"too many failed logins: try again in {wait} s", retry_after=wait
            )
        user = await self._uow.find_one(USERS, {"email": email.strip().lower()})
        if user is None:
            await self._passwords.verify_nothing(password)
        if user is None or not await self._passwords.verify(user["password_hash"], password):
            await self._attempts.fail(keys, now)
            raise Unauthorized("unknown e-mail or wrong password")
        if account in recent:
            await self._attempts.succeed(account)
        return await self._uow.run(lambda tx: self._sessions.open(tx, user))
