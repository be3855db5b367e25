"""The worker that sends queued account e-mails, retrying with a growing delay; one that
cannot be sent after the last attempt is marked ``failed`` and listed for staff
(``GET /v1/operations/undelivered-mail``). A convocation sent is reported to governance
(``convocation.mailed``): the proof of sending it keeps."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.members import ConvocationMailed
from smart_common.persistence import Transaction, UnitOfWork
from smart_members.adapters.mailer import SmtpMailer
from smart_members.adapters.repositories import OUTGOING_MAIL, OutgoingMail

log = logging.getLogger(__name__)
BATCH = 50


class SendAccountMail(UseCase):
    raises = (ConvocationMailed,)

    def __init__(self, uow: UnitOfWork, mailer: SmtpMailer, clock: Clock, max_attempts: int):
        self._uow = uow
        self._mailer = mailer
        self._clock = clock
        self._max_attempts = max_attempts

    async def __call__(self) -> int:
        due = await self._uow.find(
            OUTGOING_MAIL,
            {"status": "pending", "next_attempt_at": {"$lte": self._clock.now()}},
            sort=[("next_attempt_at", 1)],
            limit=BATCH,
        )
        for mail in due:
            message_id = f"<{mail['_id']}@smart.invalid>"
            try:
                await self._mailer.send(mail["to"], mail["subject"], mail["body"], message_id)
            except OSError as error:
                await self._retry(mail, str(error))
                continue

            async def sent(
                tx: Transaction, mail: dict[str, Any] = mail, message_id: str = message_id
            ) -> None:
                now = self._clock.now()
                await OutgoingMail(tx).mark_sent(mail["_id"], now)
                if mail.get("assembly_id"):
                    await tx.record_event(
                        ConvocationMailed(
                            assembly_id=mail["assembly_id"],
                            member_id=mail["member_id"],
                            entity=mail["entity"],
                            sent_at=now,
                            message_id=message_id,
                        ),
                        subject=mail["member_id"],
                        entity=mail["entity"],
                        correlation_id=mail["assembly_id"],
                    )

            await self._uow.run(sent)
        return len(due)

    async def _retry(self, mail: dict[str, Any], error: str) -> None:
        attempts = int(mail["attempts"]) + 1
        failed = attempts >= self._max_attempts
        log.warning("account mail %s not sent (attempt %d): %s", mail["_id"], attempts, error)
        changes = {
            "attempts": attempts,
            "last_error": error,
            "status": "failed" if failed else "pending",
            "next_attempt_at": self._clock.now() + timedelta(seconds=min(2**attempts, 3600)),
        }

        async def record(tx: Transaction) -> None:
            await OutgoingMail(tx).mark_failed(str(mail["_id"]), changes)

        await self._uow.run(record)
