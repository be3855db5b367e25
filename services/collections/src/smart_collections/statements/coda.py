"""Belgian CODA 2.x statements (Febelfin's standard: fixed-width records of 128 characters),
read with ``febelfin-coda`` — which checks the balances and the trailer's totals and record
count — and given as a ``Statement``. A file is CODA when its first record is a header
(``0`` then ``0000``) of 128 characters; the characters are Windows-1252, as the standard
says. The movements are the global ones (a batch's details add nothing to the balance); a
structured communication is type ``101``, anything else is free text."""

from __future__ import annotations

import io
from decimal import Decimal

import coda

from smart_collections.statements.model import Statement, StatementLine, UnreadableStatement

RECORD = 128


def looks_like_coda(data: bytes) -> bool:
    first = data[: RECORD + 2].split(b"\n", 1)[0].rstrip(b"\r")
    return len(first) == RECORD and first.startswith(b"00000")


def read_coda(data: bytes) -> Statement:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UnreadableStatement(f"not CODA: {error}") from None
    records = text.splitlines()
    for number, record in enumerate(records, start=1):
        if len(record) != RECORD:
            raise UnreadableStatement(
                f"record {number} holds {len(record)} characters: a CODA record holds {RECORD}"
            )
    try:
        statements = coda.CODA(io.StringIO("\n".join(records))).statements
    except (AssertionError, ValueError, IndexError, KeyError, TypeError) as error:
        raise UnreadableStatement(
            "not a consistent CODA 2 file (its totals, record count or a field): "
            f"{error or 'a check failed'}"
        ) from None
    if len(statements) != 1:
        raise UnreadableStatement(
            "one statement per file: this file holds "
            + (f"{len(statements)}" if statements else "none")
        )
    [statement] = statements
    if statement.number_records is None:
        raise UnreadableStatement("the file is truncated: it has no trailer record (9)")
    currency = str(statement.account_currency)
    lines = tuple(_line(move, currency) for move in statement.moves)
    return Statement(
        format="coda",
        statement_id=f"{statement.account}-{statement.new_sequence}",
        sequence=str(statement.new_sequence),
        account=str(statement.account).replace(" ", "").upper(),
        currency=currency,
        statement_date=statement.new_balance_date,
        opening_balance=Decimal(statement.old_balance),
        closing_balance=Decimal(statement.new_balance),
        lines=lines,
    )


def _line(move: coda.Move, currency: str) -> StatementLine:
    """A movement, in the account's currency (CODA books nothing else)."""
    amount = Decimal(move.amount)
    structured = move.communication if move.communication_type == "101" else None
    free = None if structured else (move.communication or "").strip() or None
    account = (move.counterparty_account or "").split()
    return StatementLine(
        amount=abs(amount),
        currency=currency,
        credit=amount > 0,
        value_date=move.value_date,
        booking_date=move.entry_date,
        counterparty_name=(move.counterparty_name or "").strip() or None,
        counterparty_iban=account[0].upper() if account else None,
        structured_reference=structured,
        unstructured=free,
        bank_reference=(move.bank_reference or "").strip() or None,
    )
