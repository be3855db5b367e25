"""Staff import the bank's statement of a collection account (camt.053 or CODA): its balances must
reconcile; each credit line becomes a payment matched to the receivable its reference names —
the structured reference first, else a reference found in the free text — or left in the
unmatched queue; debits (refunds, bank fees) are recorded, not matched. The same statement
again (the same account, sequence and date, or the same file) records nothing twice and
answers the first import."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime

from smart_collections.adapters.bank_statements import BankStatements
from smart_collections.statements.camt053 import read_camt053
from smart_collections.statements.coda import looks_like_coda, read_coda
from smart_collections.statements.model import Statement, StatementLine, UnreadableStatement
from smart_collections.use_cases.matching import book
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.collections import (
    GuaranteeRecovered,
    PaymentApplied,
    PaymentReceived,
)
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.structured_communication import normalise

IN_TEXT = re.compile(r"(?<!\d)\d{3}/?\d{4}/?\d{5}(?!\d)|RF\d{2}[0-9A-Z]{1,21}")
"""A structured communication (with or without its +++ or *** and slashes) or an ISO 11649
reference, in a line's free text."""


def reference_of(line: StatementLine) -> str | None:
    """The line's payment reference: its structured one when valid, else the first valid one
    its free text carries."""
    if line.structured_reference and (found := normalise(line.structured_reference)):
        return found
    for candidate in IN_TEXT.findall((line.unstructured or "").upper()):
        if found := normalise(candidate):
            return found
    return None


def read(data: bytes) -> Statement:
    """camt.053 or CODA, told from the content."""
    try:
        statement = read_coda(data) if looks_like_coda(data) else read_camt053(data)
        statement.check_balances()
    except UnreadableStatement as error:
        raise Unprocessable(f"file: {error}") from None
    return statement


class ImportBankStatement(UseCase):
    raises = (PaymentApplied, PaymentReceived, GuaranteeRecovered)

    def __init__(self, uow: UnitOfWork, clock: Clock, max_bytes: int):
        self._uow = uow
        self._clock = clock
        self._max_bytes = max_bytes

    async def __call__(self, principal: Principal, data: bytes) -> tuple[Document, bool]:
        if len(data) > self._max_bytes:
            raise Unprocessable(
                f"file: {len(data):,} bytes, larger than the {self._max_bytes:,} bytes a "
                "statement may have here (split it by day)"
            )
        statement = read(data)
        file_sha256 = hashlib.sha256(data).hexdigest()
        natural = "|".join(
            (
                principal.entity,
                statement.account,
                statement.sequence or statement.statement_id,
                statement.statement_date.isoformat(),
            )
        )
        statement_id = hashlib.sha256(natural.encode()).hexdigest()[:32]

        async def import_(tx: Transaction) -> tuple[Document, bool]:
            statements = BankStatements(tx)
            if known := await statements.known(statement_id, file_sha256):
                return known, False
            now = self._clock.now()
            lines: list[Document] = []
            counts = {"matched": 0, "partially_matched": 0, "unmatched": 0, "ignored": 0}
            for index, line in enumerate(statement.lines):
                stored = await self._line(tx, principal, statement_id, index, line, now)
                counts[stored["status"]] += 1
                lines.append(stored)
            document = {
                "_id": statement_id,
                "entity": principal.entity,
                "format": statement.format,
                "bank_statement_id": statement.statement_id,
                "sequence": statement.sequence,
                "account": statement.account,
                "currency": statement.currency,
                "statement_date": statement.statement_date.isoformat(),
                "opening_balance": str(statement.opening_balance),
                "closing_balance": str(statement.closing_balance),
                "line_count": len(lines),
                "matched": counts["matched"] + counts["partially_matched"],
                "unmatched": counts["unmatched"],
                "ignored": counts["ignored"],
                "file_sha256": file_sha256,
                "imported_by": principal.subject,
                "imported_at": now,
            }
            await statements.add(document, lines)
            return document, True

        return await self._uow.run(import_)

    async def _line(
        self,
        tx: Transaction,
        principal: Principal,
        statement_id: str,
        index: int,
        line: StatementLine,
        now: datetime,
    ) -> Document:
        stored: Document = {
            "_id": f"{statement_id}:{index}",
            "statement_id": statement_id,
            "index": index,
            "amount": str(line.amount),
            "currency": line.currency,
            "direction": "credit" if line.credit else "debit",
            "value_date": line.value_date.isoformat(),
            "counterparty": line.counterparty_name,
            "counterparty_iban": line.counterparty_iban,
            "reference": line.structured_reference or line.unstructured,
            "bank_reference": line.bank_reference,
            "status": "ignored",
            "receivable_id": None,
            "payment_id": None,
        }
        if not line.credit:
            return stored  # a refund or a fee: on the account, owed by nobody
        payment: Document = {
            "_id": str(uuid.uuid4()),
            "entity": principal.entity,
            "amount": str(line.amount),
            "currency": line.currency,
            "reference": line.structured_reference or line.unstructured,
            "value_date": line.value_date.isoformat(),
            "debtor_name": line.counterparty_name,
            "debtor_iban": line.counterparty_iban,
            "bank_reference": line.bank_reference,
            "statement_id": statement_id,
            "recorded_by": principal.subject,
            "recorded_at": now,
            "status": "unmatched",
            "normalised_reference": reference_of(line),
            "receivable_id": None,
        }
        receivable = await book(tx, payment, now)
        stored["payment_id"] = payment["_id"]
        if receivable is None:
            stored |= {"status": "unmatched", "unmatched_reason": payment["unmatched_reason"]}
        else:
            stored |= {  # partially: the receivable still waits for the rest
                "status": "matched" if receivable.settled else "partially_matched",
                "receivable_id": receivable.id,
            }
        return stored
