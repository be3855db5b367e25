"""A login's session: a short-lived access token and a single-use refresh token, rotated at
each refresh; a refresh token used twice (stolen and replayed) revokes the whole login."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any

from smart_common.auth import Role, TokenCodec
from smart_common.clock import Clock
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import RefreshTokens
from smart_members.schemas import AccessToken


def digest(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode()).hexdigest()


class Sessions:
    def __init__(self, tokens: TokenCodec, clock: Clock, refresh_ttl: timedelta):
        self._tokens = tokens
        self._clock = clock
        self._refresh_ttl = refresh_ttl

    async def open(
        self, tx: Transaction, user: dict[str, Any], family: str | None = None
    ) -> AccessToken:
        """A new access token and refresh token for ``user`` (a new login: a new family)."""
        refresh_token = secrets.token_urlsafe(32)
        now = self._clock.now()
        await RefreshTokens(tx).add(
            {
                "_id": digest(refresh_token),
                "family": family or str(uuid.uuid4()),
                "member_id": user["_id"],
                "issued_at": now,
                "expires_at": now + self._refresh_ttl,
                "used_at": None,
                "revoked_at": None,
            }
        )
        roles = frozenset(Role(role) for role in user["roles"])
        return AccessToken(
            access_token=self._tokens.issue(user["_id"], user["entity"], roles),
            token_type="bearer",
            expires_in=int(self._tokens.ttl.total_seconds()),
            refresh_token=refresh_token,
            member_id=user["_id"],
        )
