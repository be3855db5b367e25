"""Log out: every refresh token of the login is revoked (its access token expires soon)."""

from __future__ import annotations

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_members.adapters.repositories import RefreshTokens
from smart_members.use_cases.sessions import digest


class LogOut(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, refresh_token: str) -> None:
        async def revoke(tx: Transaction) -> None:
            tokens = RefreshTokens(tx)
            known = await tokens.get(digest(refresh_token))
            if known is not None:
                await tokens.revoke_family(known["family"], self._clock.now())

        await self._uow.run(revoke)
