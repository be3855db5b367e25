"""Failed logins, by throttling key, shared by every replica of the service (MongoDB).

Keys are digests (``account:`` of the e-mail, ``address:`` of the client address): an
e-mail someone typed is never stored."""

from __future__ import annotations

import hashlib
from datetime import datetime

from smart_common.persistence import Transaction, UnitOfWork
from smart_members.domain.throttling import FailedAttempts, ThrottlePolicy, first_failure

LOGIN_ATTEMPTS = "login_attempts"


def throttling_key(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()}"


class LoginAttempts:
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def recent(self, keys: list[str]) -> dict[str, FailedAttempts]:
        """The recent failures of these keys (those with none are absent)."""
        found = await self._uow.find(LOGIN_ATTEMPTS, {"_id": {"$in": sorted(keys)}})
        return {
            row["_id"]: FailedAttempts(row["failures"], row["last_failure_at"]) for row in found
        }

    async def fail(self, keys: dict[str, ThrottlePolicy], now: datetime) -> None:
        async def record(tx: Transaction) -> None:
            attempts = tx.collection(LOGIN_ATTEMPTS)
            for key, policy in sorted(keys.items()):
                row = await attempts.find_one({"_id": key})
                after = (
                    first_failure(now)
                    if row is None
                    else FailedAttempts(row["failures"], row["last_failure_at"]).after_another(
                        policy, now
                    )
                )
                await attempts.update_one(
                    {"_id": key},
                    {"$set": {"failures": after.failures, "last_failure_at": now}},
                    upsert=True,
                )

        await self._uow.run(record)

    async def succeed(self, key: str) -> None:
        async def forget(tx: Transaction) -> None:
            await tx.collection(LOGIN_ATTEMPTS).delete_one({"_id": key})

        await self._uow.run(forget)
