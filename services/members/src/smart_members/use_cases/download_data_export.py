"""The member downloads their data export, once: the services' parts opened with the export's
key, members' own part added, all in one ZIP; then the key and the chunks are gone."""

from __future__ import annotations

import base64
import io
import zipfile
from collections import defaultdict

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.data_export import ExportKey, context, joined
from smart_common.member_data import Holding, gather, part_archive
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, Gone, NotFound
from smart_members.adapters.data_exports import DATA_EXPORTS, DataExports
from smart_members.adapters.repositories import (
    CLIENTS,
    JOBS,
    OUTGOING_MAIL,
    REFRESH_TOKENS,
    STAFF_AUDIT,
    USERS,
)

HOLDINGS = (
    Holding(USERS, field="_id", withheld=("password_hash",)),
    Holding(CLIENTS),
    Holding(JOBS),
    Holding(STAFF_AUDIT),
    # the mails' bodies carry signed links (a password reset may still be live)
    Holding(OUTGOING_MAIL, withheld=("body",)),
    Holding(REFRESH_TOKENS, withheld=("_id",)),  # a digest of the token, nothing of the member's
    Holding(DATA_EXPORTS, withheld=("key",)),
)

README = """Your data, as held by the cooperative's services on {date}.

Each folder is one service: members (your account, clients, jobs and their timeline),
invoicing (invoices, credit notes, quotes, with their PDF and e-invoice), payroll (contracts,
payslips, social declarations, salary payments), collections (what your clients owe and paid),
governance (your shares), activities (your activities and their books). Records are JSON;
dates are ISO 8601, amounts decimal strings.
"""


class DownloadDataExport(UseCase):
    def __init__(self, uow: UnitOfWork, cipher: PersonalDataCipher, clock: Clock):
        self._uow = uow
        self._cipher = cipher
        self._clock = clock

    async def __call__(self, member_id: str, export_id: str) -> bytes:
        async def take(tx: Transaction) -> bytes:
            exports = DataExports(tx)
            export = await exports.get(export_id)
            if export is None or export["member_id"] != member_id:
                raise NotFound("no such data export of yours")
            if export["status"] == "assembling":
                missing = [service for service, done in export["received"].items() if not done]
                raise Conflict(
                    f"still being assembled: waiting for {', '.join(missing)}", missing=missing
                )
            if export["status"] != "ready":
                raise Gone(f"this export was {export['status']}: ask for a new one")
            key = ExportKey.from_raw(
                base64.urlsafe_b64decode(self._cipher.open(export["key"], export_id))
            )
            parts = _opened(key, export_id, await exports.chunks(export_id))
            gathered = await gather(tx, HOLDINGS, member_id)
            own = part_archive(gathered, [], self._cipher, member_id)
            archive = _assembled({"members": own, **parts}, self._clock.today().isoformat())
            await exports.change(
                export_id,
                {"status": "downloaded", "downloaded_at": self._clock.now()},
                drop_key=True,
            )
            await exports.remove_chunks(export_id)
            return archive

        return await self._uow.run(take)


def _opened(key: ExportKey, export_id: str, chunks: list[Document]) -> dict[str, bytes]:
    pieces: dict[str, list[Document]] = defaultdict(list)
    for chunk in chunks:
        pieces[chunk["service"]].append(chunk)
    return {
        service: key.open(
            joined([row["chunk"] for row in rows], rows[0]["sha256"]), context(export_id, service)
        )
        for service, rows in pieces.items()
    }


def _assembled(parts: dict[str, bytes], today: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(date=today))
        for service, part in parts.items():
            with zipfile.ZipFile(io.BytesIO(part)) as inner:
                for name in inner.namelist():
                    archive.writestr(f"{service}/{name}", inner.read(name))
    return buffer.getvalue()
