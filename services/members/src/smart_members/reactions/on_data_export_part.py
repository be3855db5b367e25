"""A chunk of a service's part of a data export arrived: kept once; when every part is
complete, the export is ready and the member is told by e-mail."""

from __future__ import annotations

from datetime import timedelta

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events import activities, collections, governance, invoicing, payroll
from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import Envelope
from smart_common.persistence import Transaction
from smart_members.adapters.data_exports import DataExports
from smart_members.adapters.repositories import Users
from smart_members.use_cases.account_mail import AccountMails


class OnDataExportPart(EventReaction):
    consumer = "members-data-export"
    handles = (
        invoicing.InvoicingDataExportPart,
        payroll.PayrollDataExportPart,
        collections.CollectionsDataExportPart,
        governance.GovernanceDataExportPart,
        activities.ActivitiesDataExportPart,
    )

    def __init__(self, mails: AccountMails, clock: Clock, download_window: timedelta):
        self._mails = mails
        self._clock = clock
        self._download_window = download_window

    async def handle(self, data: DataExportChunk, envelope: Envelope, tx: Transaction) -> None:
        exports = DataExports(tx)
        export = await exports.get(data.export_id)
        if (
            export is None
            or export["status"] != "assembling"
            or export["member_id"] != data.member_id
            or data.service not in export["services"]
        ):
            return  # late (downloaded, expired) or not asked of this service
        if await exports.add_chunk(data, self._clock.now()) < data.count:
            return
        export = await exports.part_received(data.export_id, data.service)
        assert export is not None
        if not all(export["received"].values()):
            return
        now = self._clock.now()
        await exports.change(
            data.export_id,
            {"status": "ready", "ready_at": now, "expires_at": now + self._download_window},
            drop_key=False,
        )
        user = await Users(tx).get(data.member_id)
        if user is not None:
            await self._mails.data_export_ready(tx, user, data.export_id, self._download_window)
