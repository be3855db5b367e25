"""The legal hand-off: a case's file for the lawyer or the collection agency, as one ZIP — the
case with its notes and promises, the receivable and what is owed, every reminder with its
amounts and the proof it was sent (the e-mail's Message-ID and the day), the payments that came
in. The invoice itself is named by its number (its PDF and UBL are the invoicing service's)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from smart_collections.adapters.repositories import (
    COLLECTION_CASES,
    PAYMENTS,
    RECEIVABLES,
    REMINDERS,
)
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.persistence import UnitOfWork
from smart_common.problems import NotFound
from smart_common.representation import public_document


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str).encode()


class ExportCaseFile(UseCase):
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def __call__(self, principal: Principal, case_id: str) -> tuple[str, bytes]:
        """The ZIP's file name and content."""
        case = await self._uow.find_one(
            COLLECTION_CASES, {"_id": case_id, "entity": principal.entity}
        )
        if case is None:
            raise NotFound("no such collections case in the entity")
        receivable = await self._uow.find_one(RECEIVABLES, {"_id": case["receivable_id"]})
        reminders = await self._uow.find(
            REMINDERS, {"receivable_id": case["receivable_id"]}, sort=[("issued_at", 1)]
        )
        payments = await self._uow.find(
            PAYMENTS, {"receivable_id": case["receivable_id"]}, sort=[("recorded_at", 1)]
        )
        parts = {
            "case.json": public_document(case, "case_id"),
            "receivable.json": public_document(receivable or {"_id": None}, "receivable_id"),
            "reminders.json": [public_document(r, "reminder_id") for r in reminders],
            "payments.json": [
                public_document(p, "payment_id", hidden=("debtor_iban",)) for p in payments
            ],
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in parts.items():
                archive.writestr(name, _json(content))
            archive.writestr(
                "README.txt",
                f"Collections case {case_id}: invoice {case.get('invoice_number')}, "
                f"{case['amount_due']} {case['currency']} due when it opened on "
                f"{case['opened_on']}.\n"
                "reminders.json: each reminder, its amounts, and its proof of sending "
                "(status, sent_at, receipt = the e-mail's Message-ID).\n",
            )
        return f"case-{case.get('invoice_number') or case_id}.zip", buffer.getvalue()
