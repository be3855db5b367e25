"""Exchange a refresh token for a new pair (the roles are read again: a withdrawn role is
gone from the next access token)."""

from __future__ import annotations

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unauthorized
from smart_members.adapters.repositories import RefreshTokens, Users
from smart_members.schemas import AccessToken
from smart_members.use_cases.sessions import Sessions, digest


class RefreshSession(UseCase):
    def __init__(self, uow: UnitOfWork, sessions: Sessions, clock: Clock):
        self._uow = uow
        self._sessions = sessions
        self._clock = clock

    async def __call__(self, refresh_token: str) -> AccessToken:
        now = self._clock.now()

        async def refresh(tx: Transaction) -> AccessToken | None:
            tokens = RefreshTokens(tx)
            known = await tokens.get(digest(refresh_token))
            if known is None or known["revoked_at"] is not None or known["expires_at"] <= now:
                raise Unauthorized("unknown, expired or revoked refresh token: log in again")
            if not await tokens.use(known["_id"], now):
                await tokens.revoke_family(known["family"], now)
                return None  # reused: the revocation is kept, the caller is refused
            user = await Users(tx).get(known["member_id"])
            if user is None:
                raise Unauthorized("this account no longer exists")
            return await self._sessions.open(tx, user, family=known["family"])

        session = await self._uow.run(refresh)
        if session is None:
            raise Unauthorized(
                "this refresh token was already used: every session of this login is revoked"
            )
        return session
