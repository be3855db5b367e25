"""What a service holds about one member, gathered for their data export.

Each service declares its ``Holding``s: the collections naming the member (by a field, or
through a collection gathered before, e.g. payments through the member's receivables), and
the fields left out because they are secrets (a password hash, a client's acceptance link)
or about other people. Rows shared by several members (a salary batch, a periodic
declaration) are not holdings: their lines about the member are. Sealed values are opened —
it is the member's own IBAN and national number — and every value is written as JSON.

``ContributeToDataExport`` is the reaction each service subclasses: it gathers its holdings
and documents (PDFs, e-invoices) into a ZIP, seals it to the export's key and raises it in
chunks, all in the transaction that claims the request.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from abc import abstractmethod
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from bson import Decimal128, ObjectId

from smart_common.bus import EventReaction
from smart_common.data_export import chunks, context, seal_to
from smart_common.events.data_export import DataExportChunk, DataExportRequested
from smart_common.events.envelope import Envelope
from smart_common.persistence import Document, Transaction
from smart_common.personal_data import MARK, PersonalDataCipher

type Gathered = dict[str, list[Document]]
type Files = list[tuple[str, bytes]]


@dataclass(frozen=True)
class Holding:
    collection: str
    field: str = "member_id"  # the field naming the member (dotted for a nested one)
    through: tuple[str, str] | None = None  # (a collection gathered before, its field): the
    # rows whose ``field`` is among that collection's values of it
    withheld: tuple[str, ...] = ()

    def query(self, member_id: str, gathered: Gathered) -> Document:
        if self.through is None:
            return {self.field: member_id}
        collection, field = self.through
        return {self.field: {"$in": [row[field] for row in gathered.get(collection, [])]}}


async def gather(tx: Transaction, holdings: tuple[Holding, ...], member_id: str) -> Gathered:
    gathered: Gathered = {}
    for holding in holdings:
        rows = await tx.collection(holding.collection).find(
            holding.query(member_id, gathered), sort=[("_id", 1)]
        )
        gathered[holding.collection] = [
            {key: value for key, value in row.items() if key not in holding.withheld}
            for row in rows
        ]
    return gathered


def exported(value: Any, cipher: PersonalDataCipher, member_id: str) -> Any:
    """A stored value as JSON shows it, the member's sealed values opened."""
    if isinstance(value, dict):
        return {str(key): exported(item, cipher, member_id) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [exported(item, cipher, member_id) for item in value]
    if isinstance(value, str) and value.startswith(MARK):
        try:
            return cipher.open(value, member_id)
        except ValueError:
            return "(sealed: not for this service to open)"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | Decimal128 | ObjectId):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def part_archive(
    gathered: Gathered, files: Files, cipher: PersonalDataCipher, member_id: str
) -> bytes:
    """A ZIP: one JSON file per collection, then the documents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for collection, rows in gathered.items():
            text = json.dumps(exported(rows, cipher, member_id), ensure_ascii=False, indent=2)
            archive.writestr(f"{collection}.json", text)
        for name, content in files:
            archive.writestr(f"documents/{name}", content)
    return buffer.getvalue()


class ContributeToDataExport(EventReaction):
    """A service's part of a member's data export (subclassed once per service)."""

    handles = (DataExportRequested,)
    service: ClassVar[str]
    part: ClassVar[type[DataExportChunk]]
    holdings: ClassVar[tuple[Holding, ...]]

    def __init__(self, cipher: PersonalDataCipher):
        self._cipher = cipher

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if hasattr(cls, "part"):
            cls.raises = (cls.part,)

    @abstractmethod
    async def documents(self, tx: Transaction, gathered: Gathered) -> Files:
        """The member's documents rendered as they would download them."""

    async def handle(self, data: DataExportRequested, envelope: Envelope, tx: Transaction) -> None:
        gathered = await gather(tx, self.holdings, data.member_id)
        files = await self.documents(tx, gathered)
        archive = part_archive(gathered, files, self._cipher, data.member_id)
        sealed = seal_to(data.public_key, archive, context(data.export_id, self.service))
        sha256, pieces = chunks(sealed)
        for index, piece in enumerate(pieces):
            await tx.record_event(
                self.part(
                    export_id=data.export_id,
                    member_id=data.member_id,
                    service=self.service,
                    index=index,
                    count=len(pieces),
                    sha256=sha256,
                    chunk=piece,
                ),
                subject=data.export_id,
                entity=data.entity,
                correlation_id=envelope.correlation_id,
            )
