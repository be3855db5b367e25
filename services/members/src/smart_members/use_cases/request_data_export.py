"""A member asks for all the suite holds about them (GDPR art. 15 and 20): an export whose
parts every service of the deployment adds, sealed to a key made for this export alone."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta
from typing import Any

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.data_export import ExportKey
from smart_common.events.data_export import DataExportRequested
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, NotFound, TooManyRequests
from smart_members.adapters.data_exports import DataExports
from smart_members.adapters.repositories import Users

PENDING = ("assembling", "ready")


class RequestDataExport(UseCase):
    raises = (DataExportRequested,)

    def __init__(
        self,
        uow: UnitOfWork,
        cipher: PersonalDataCipher,
        clock: Clock,
        services: tuple[str, ...],
        per_day: int,
        download_window: timedelta,
    ):
        self._uow = uow
        self._cipher = cipher
        self._clock = clock
        self._services = services
        self._per_day = per_day
        self._download_window = download_window

    async def __call__(self, member_id: str) -> dict[str, Any]:
        async def request(tx: Transaction) -> dict[str, Any]:
            user = await Users(tx).get(member_id)
            if user is None:
                raise NotFound("no such member")
            exports = DataExports(tx)
            now = self._clock.now()
            recent = await exports.of_member_since(member_id, now - timedelta(days=1))
            for earlier in recent:
                if earlier["status"] in PENDING:
                    raise Conflict(
                        f"export {earlier['_id']} is {earlier['status']}: download it first",
                        export_id=earlier["_id"],
                    )
            if len(recent) >= self._per_day:
                raise TooManyRequests(
                    f"at most {self._per_day} data exports in 24 hours", retry_after=3600
                )
            export_id = str(uuid.uuid4())
            key = ExportKey.generate()
            export = {
                "_id": export_id,
                "member_id": member_id,
                "entity": user["entity"],
                "status": "assembling" if self._services else "ready",
                "services": list(self._services),
                "received": {service: False for service in self._services},
                "requested_at": now,
                "key": self._cipher.seal(base64.urlsafe_b64encode(key.raw()).decode(), export_id),
            }
            if not self._services:  # members alone holds data here: nothing to wait for
                export |= {"ready_at": now, "expires_at": now + self._download_window}
            await exports.add(export)
            await tx.record_event(
                DataExportRequested(
                    export_id=export_id,
                    member_id=member_id,
                    entity=user["entity"],
                    public_key=key.public_key,
                ),
                subject=export_id,
                entity=user["entity"],
                correlation_id=export_id,
            )
            return export

        return await self._uow.run(request)
