"""The e-mails of an account — verifying its address, resetting its password — queued in the
transaction that causes them (``outgoing_mail``), sent by ``send_account_mail``; a member
triggers at most a few of each kind per hour."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from typing import Any

from smart_common.clock import Clock
from smart_common.persistence import Transaction
from smart_common.problems import TooManyRequests
from smart_members.adapters.repositories import OutgoingMail
from smart_members.domain.account_links import AccountLink, sign_link
from smart_members.domain.account_mail import account_mail

VERIFICATION = "email_verification"
RESET = "password_reset"
DATA_EXPORT = "data_export_ready"


def verification_binding(user: dict[str, Any]) -> str:
    return f"email:{user['email']}"


def reset_binding(user: dict[str, Any]) -> str:
    """The current password's hash: a reset changes it, so a link works once."""
    return f"password:{hashlib.sha256(user['password_hash'].encode()).hexdigest()}"


class AccountMails:
    def __init__(
        self,
        key: bytes,
        public_base_url: str,
        clock: Clock,
        verification_ttl: timedelta,
        reset_ttl: timedelta,
        per_hour: int,
    ):
        self.key = key
        self._base = public_base_url.rstrip("/")
        self._clock = clock
        self._verification_ttl = verification_ttl
        self._reset_ttl = reset_ttl
        self._per_hour = per_hour

    async def verification(self, tx: Transaction, user: dict[str, Any]) -> None:
        token = self._token(VERIFICATION, user, verification_binding(user), self._verification_ttl)
        hours = int(self._verification_ttl.total_seconds() // 3600)
        link = f"{self._base}/v1/members/email-verification?token={token}"
        await self._queue(tx, VERIFICATION, user, link=link, hours=hours)

    async def reset(self, tx: Transaction, user: dict[str, Any]) -> None:
        token = self._token(RESET, user, reset_binding(user), self._reset_ttl)
        minutes = int(self._reset_ttl.total_seconds() // 60)
        link = f"{self._base}/password-reset?token={token}"
        await self._queue(tx, RESET, user, link=link, minutes=minutes)

    async def data_export_ready(
        self, tx: Transaction, user: dict[str, Any], export_id: str, window: timedelta
    ) -> None:
        """Not limited per hour: the member's exports are limited per day already."""
        link = f"{self._base}/v1/members/me/data-exports/{export_id}/archive"
        await self._queue(tx, DATA_EXPORT, user, limited=False, link=link, days=window.days)

    def _token(self, purpose: str, user: dict[str, Any], binding: str, ttl: timedelta) -> str:
        link = AccountLink(purpose, user["_id"], self._clock.now() + ttl)
        return sign_link(self.key, link, binding)

    async def _queue(
        self, tx: Transaction, kind: str, user: dict[str, Any], limited: bool = True, **values: Any
    ) -> None:
        mail = OutgoingMail(tx)
        now = self._clock.now()
        if (
            limited
            and await mail.sent_since(user["_id"], kind, now - timedelta(hours=1)) >= self._per_hour
        ):
            raise TooManyRequests(
                f"at most {self._per_hour} such e-mails an hour: look for the last one",
                retry_after=3600,
            )
        text = account_mail(
            kind, user.get("language", "fr"), first_name=user["first_name"], **values
        )
        await mail.add(
            {
                "_id": str(uuid.uuid4()),
                "member_id": user["_id"],
                "kind": kind,
                "to": user["email"],
                "subject": text.subject,
                "body": text.body,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
