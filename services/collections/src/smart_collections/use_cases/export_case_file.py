"""The legal hand-off: a case's file for the lawyer or the collection agency, as one ZIP — the
case with its notes and promises, the receivable and what is owed, every reminder with its
amounts and the proof it was sent (the e-mail's Message-ID and the day), the payments that came
in, and the documents the client received: the invoice's PDF and each reminder's letter (the
invoicing service's, fetched with the caller's own token). A file that cannot be complete is
not made: the caller is told to try again."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from smart_collections.adapters.invoicing_documents import InvoicingDocuments
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
    def __init__(self, uow: UnitOfWork, documents: InvoicingDocuments):
        self._uow = uow
        self._documents = documents

    async def __call__(
        self, principal: Principal, case_id: str, authorization: str
    ) -> tuple[str, bytes]:
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
        invoice_name = f"invoice-{case.get('invoice_number') or case['invoice_id']}.pdf"
        documents = {
            invoice_name: await self._documents.invoice_pdf(case["invoice_id"], authorization),
            **{
                f"reminders/{reminder['number']}.pdf": await self._documents.reminder_letter(
                    reminder["_id"], authorization
                )
                for reminder in reminders
            },
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in parts.items():
                archive.writestr(name, _json(content))
            for name, document in documents.items():
                archive.writestr(name, document)
            archive.writestr(
                "README.txt",
                f"Collections case {case_id}: invoice {case.get('invoice_number')}, "
                f"{case['amount_due']} {case['currency']} due when it opened on "
                f"{case['opened_on']}.\n"
                f"{invoice_name}: the invoice as the client received it; reminders/: each "
                "reminder's letter.\n"
                "reminders.json: each reminder, its amounts, and its proof of sending "
                "(status, sent_at, receipt = the e-mail's Message-ID).\n",
            )
        return f"case-{case.get('invoice_number') or case_id}.zip", buffer.getvalue()
