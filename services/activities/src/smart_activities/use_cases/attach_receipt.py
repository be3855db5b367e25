"""A member attaches a receipt to their draft note: checked from its content (type, size,
an image's dimensions before decoding it), stored once under its hash."""

from __future__ import annotations

from smart_activities.adapters.receipt_store import ReceiptStore
from smart_activities.adapters.repositories import ExpenseNotes
from smart_activities.domain.expense_notes import NoteStatus
from smart_activities.domain.receipts import InvalidReceipt, checked_receipt
from smart_activities.notes import note_view, own_note
from smart_activities.schemas import ExpenseNote
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Unprocessable

MAX_RECEIPTS = 20


class AttachReceipt(UseCase):
    def __init__(self, uow: UnitOfWork, store: ReceiptStore):
        self._uow = uow
        self._store = store

    async def __call__(
        self, principal: Principal, note_id: str, data: bytes, filename: str
    ) -> ExpenseNote:
        # the note must be the member's draft before anything is stored
        await self._uow.run(lambda tx: self._draft(tx, principal, note_id))
        try:
            receipt = checked_receipt(data)
        except InvalidReceipt as error:
            raise Unprocessable(f"file: {error}") from error
        await self._store.put(receipt.sha256, data, receipt.media_type)

        async def attach(tx: Transaction) -> ExpenseNote:
            note = await self._draft(tx, principal, note_id)
            if any(item["receipt_id"] == receipt.sha256 for item in note["receipts"]):
                return note_view(note)
            if len(note["receipts"]) >= MAX_RECEIPTS:
                raise Unprocessable(f"a note has at most {MAX_RECEIPTS} receipts")
            attached = {
                **note,
                "receipts": [
                    *note["receipts"],
                    {
                        "receipt_id": receipt.sha256,
                        "filename": filename[:200] or "receipt",
                        "media_type": receipt.media_type,
                        "size": receipt.size,
                        "pages": receipt.pages,
                        "width": receipt.width,
                        "height": receipt.height,
                    },
                ],
            }
            await ExpenseNotes(tx).save(attached, NoteStatus.DRAFT.value)
            return note_view(attached)

        return await self._uow.run(attach)

    async def _draft(self, tx: Transaction, principal: Principal, note_id: str) -> dict:
        note = await own_note(tx, principal, note_id)
        if note["status"] != NoteStatus.DRAFT.value:
            raise Conflict(f"receipts go with a draft note; this one is {note['status']}")
        return note
