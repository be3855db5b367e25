import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from smart_common.data_export import CHUNK_BYTES, ExportKey, chunks, context, joined, seal_to
from smart_common.member_data import Holding, exported, part_archive
from smart_common.personal_data import PersonalDataCipher
from smart_common.settings import ServiceSettings


def test_a_part_opens_with_its_export_key_for_its_export_and_service_only():
    key = ExportKey.generate()
    sealed = seal_to(key.public_key, b"payslips", context("export-1", "payroll"))
    assert b"payslips" not in sealed
    assert key.open(sealed, context("export-1", "payroll")) == b"payslips"
    for wrong in (context("export-2", "payroll"), context("export-1", "invoicing")):
        with pytest.raises(ValueError):
            key.open(sealed, wrong)
    with pytest.raises(ValueError):
        ExportKey.generate().open(sealed, context("export-1", "payroll"))
    assert ExportKey.from_raw(key.raw()).open(sealed, context("export-1", "payroll"))


def test_a_part_travels_in_chunks_checked_once_joined():
    sealed = bytes(range(256)) * (CHUNK_BYTES // 100)
    sha256, pieces = chunks(sealed)
    assert len(pieces) == 3
    assert joined(pieces, sha256) == sealed
    with pytest.raises(ValueError, match="checksum"):
        joined(pieces[:2], sha256)
    assert chunks(b"")[1] == [""]


def test_exported_records_are_json_with_the_members_own_values_opened():
    cipher = PersonalDataCipher(ServiceSettings().personal_data_key)
    stored = {
        "iban": cipher.seal("BE71096123456769", "m-1"),
        "at": datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
        "day": date(2026, 12, 2),
        "amount": Decimal("12.50"),
        "lines": [{"logo": b"\x89PNG"}],
        "foreign": cipher.seal("someone else's", "m-2"),
    }
    assert exported(stored, cipher, "m-1") == {
        "iban": "BE71096123456769",
        "at": "2026-12-02T09:30:00+00:00",
        "day": "2026-12-02",
        "amount": "12.50",
        "lines": [{"logo": "iVBORw=="}],
        "foreign": "(sealed: not for this service to open)",
    }
    archive = zipfile.ZipFile(
        io.BytesIO(part_archive({"users": [stored]}, [("a.pdf", b"%PDF")], cipher, "m-1"))
    )
    assert archive.namelist() == ["users.json", "documents/a.pdf"]
    assert json.loads(archive.read("users.json"))[0]["iban"] == "BE71096123456769"


def test_a_holding_finds_the_member_directly_or_through_rows_gathered_before():
    assert Holding("receivables").query("m-1", {}) == {"member_id": "m-1"}
    payments = Holding("payments", field="invoice_id", through=("receivables", "invoice_id"))
    gathered = {"receivables": [{"invoice_id": "i-1"}, {"invoice_id": "i-2"}]}
    assert payments.query("m-1", gathered) == {"invoice_id": {"$in": ["i-1", "i-2"]}}
    assert payments.query("m-1", {}) == {"invoice_id": {"$in": []}}
