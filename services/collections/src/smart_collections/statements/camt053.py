"""ISO 20022 camt.053 (BankToCustomerStatement) versions .001.02, .001.04 and .001.08, the
version read from the document's namespace.

Read against the ISO 20022 message definitions: ``Stmt`` gives the account (``Acct/Id/IBAN``),
the statement's id and sequence (``ElctrncSeqNb``, else ``LglSeqNb``), its balances (``Bal``
with ``Tp/CdOrPrtry/Cd`` OPBD or PRCD opening, CLBD closing; ``CdtDbtInd`` the sign) and its
entries (``Ntry``). Only booked entries count (``Sts`` BOOK; in .08 ``Sts/Cd``). An entry
with several transactions (``NtryDtls/TxDtls``, a batch booking) gives one line per
transaction, with the transaction's amount. The creditor reference travels in
``RmtInf/Strd/CdtrRefInf/Ref``; the debtor in ``RltdPties/Dbtr`` (``Nm``; in .08
``Dbtr/Pty/Nm``) and ``DbtrAcct/Id/IBAN`` — for a debit, the creditor's.

The XML parser resolves no entity and fetches nothing (no XXE, no network); entries are
released as they are read, so a long statement stays in bounded memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from smart_collections.statements.model import Statement, StatementLine, UnreadableStatement

PREFIX = "urn:iso:std:iso:20022:tech:xsd:"
VERSIONS = ("camt.053.001.02", "camt.053.001.04", "camt.053.001.08")


def version_of(data: bytes) -> str | None:
    """The camt.053 version the document's root namespace names, None when it is not one."""
    try:
        for _, element in etree.iterparse(
            io.BytesIO(data), events=("start",), resolve_entities=False, no_network=True
        ):
            namespace = etree.QName(element).namespace or ""
            name = namespace.removeprefix(PREFIX)
            return name if namespace.startswith(PREFIX) else None
    except etree.XMLSyntaxError:
        return None
    return None


class _Reader:
    """Paths relative to an element, each compiled once to an XPath (a few microseconds per
    lookup, where ``find`` parses its path on every call)."""

    def __init__(self, namespace: str):
        self.ns = {"c": namespace}
        self._compiled: dict[str, etree.XPath] = {}

    def findall(self, element: etree._Element, path: str) -> list[etree._Element]:
        compiled = self._compiled.get(path)
        if compiled is None:
            compiled = self._compiled[path] = etree.XPath(path, namespaces=self.ns)
        return compiled(element)  # type: ignore[return-value]

    def find(self, element: etree._Element, path: str) -> etree._Element | None:
        found = self.findall(element, path)
        return found[0] if found else None

    def text(self, element: etree._Element, path: str) -> str | None:
        found = self.find(element, path)
        if found is None or found.text is None:
            return None
        return found.text.strip() or None

    def required(self, element: etree._Element, path: str, what: str) -> str:
        value = self.text(element, path)
        if value is None:
            raise UnreadableStatement(f"{what} is missing ({path.replace('c:', '')})")
        return value

    def amount(self, element: etree._Element, path: str, what: str) -> tuple[Decimal, str]:
        return self.amount_of(self.find(element, path), what)

    def amount_of(self, found: etree._Element | None, what: str) -> tuple[Decimal, str]:
        if found is None or not (found.text or "").strip():
            raise UnreadableStatement(f"{what}: no amount")
        try:
            value = Decimal(found.text.strip())
        except InvalidOperation:
            raise UnreadableStatement(f"{what}: {found.text.strip()!r} is not an amount") from None
        if value < 0 or value.as_tuple().exponent < -5:  # type: ignore[operator]
            raise UnreadableStatement(f"{what}: {value} is not an ISO 20022 amount")
        currency = found.get("Ccy")
        if not currency:
            raise UnreadableStatement(f"{what}: the amount names no currency (Ccy)")
        return value, currency

    def day(self, element: etree._Element, path: str, what: str) -> date | None:
        found = self.find(element, path)
        if found is None:
            return None
        text = self.text(found, "c:Dt") or (self.text(found, "c:DtTm") or "")[:10]
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise UnreadableStatement(f"{what}: {text!r} is not a date") from None

    def credit(self, element: etree._Element, what: str) -> bool:
        indicator = self.text(element, "c:CdtDbtInd")
        if indicator not in ("CRDT", "DBIT"):
            raise UnreadableStatement(f"{what}: CdtDbtInd is {indicator!r}, not CRDT or DBIT")
        return indicator == "CRDT"


def read_camt053(data: bytes) -> Statement:
    version = version_of(data)
    if version not in VERSIONS:
        raise UnreadableStatement(
            "not a camt.053 statement of a version read here "
            f"({', '.join(VERSIONS)}): the document's namespace is {version or 'missing'}"
        )
    reader = _Reader(PREFIX + version)
    try:
        return _statement(reader, version, data)
    except etree.XMLSyntaxError as error:
        raise UnreadableStatement(f"not well-formed XML: {error}") from None


def _statement(reader: _Reader, version: str, data: bytes) -> Statement:
    namespace = PREFIX + version
    header: dict[str, object] = {}
    balances: dict[str, Decimal] = {}
    lines: list[StatementLine] = []
    statements = 0
    # only the three elements read here come back to Python: the others stay in libxml2
    events = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=[f"{{{namespace}}}{name}" for name in ("Ntry", "Bal", "Stmt")],
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    for _, element in events:
        name = etree.QName(element)
        if name.localname == "Ntry":
            lines.extend(_lines(reader, element, len(lines)))
            element.clear(keep_tail=False)
        elif name.localname == "Bal":
            kind = reader.text(element, "c:Tp/c:CdOrPrtry/c:Cd")
            value, currency = reader.amount(element, "c:Amt", f"balance {kind}")
            signed = value if reader.credit(element, f"balance {kind}") else -value
            if kind is not None:
                balances[kind] = signed
                header.setdefault("balance_currency", currency)
                if kind == "CLBD":
                    header["closing_day"] = reader.day(element, "c:Dt", "closing balance")
        elif name.localname == "Stmt":
            statements += 1
            if statements > 1:
                raise UnreadableStatement("one statement per file: this file holds several")
            header |= {
                "statement_id": reader.required(element, "c:Id", "the statement's id"),
                "sequence": reader.text(element, "c:ElctrncSeqNb")
                or reader.text(element, "c:LglSeqNb"),
                "account": reader.text(element, "c:Acct/c:Id/c:IBAN"),
                "account_currency": reader.text(element, "c:Acct/c:Ccy"),
                "created": (reader.text(element, "c:CreDtTm") or "")[:10],
            }
    if statements == 0:
        raise UnreadableStatement("the document holds no statement (BkToCstmrStmt/Stmt)")
    account = header.get("account")
    if not isinstance(account, str):
        raise UnreadableStatement("the statement's account has no IBAN (Acct/Id/IBAN)")
    opening = balances.get("OPBD", balances.get("PRCD"))
    closing = balances.get("CLBD")
    if opening is None or closing is None:
        raise UnreadableStatement(
            "the statement needs an opening (OPBD or PRCD) and a closing (CLBD) balance"
        )
    statement_date = header.get("closing_day")
    if not isinstance(statement_date, date):
        try:
            statement_date = date.fromisoformat(str(header.get("created")))
        except ValueError:
            raise UnreadableStatement("the statement has no date (CLBD/Dt or CreDtTm)") from None
    currency = str(header.get("account_currency") or header.get("balance_currency"))
    sequence = header.get("sequence")
    return Statement(
        format=version,
        statement_id=str(header["statement_id"]),
        sequence=sequence if isinstance(sequence, str) else None,
        account=account.replace(" ", "").upper(),
        currency=currency,
        statement_date=statement_date,
        opening_balance=opening,
        closing_balance=closing,
        lines=tuple(lines),
    )


def _lines(reader: _Reader, entry: etree._Element, before: int) -> Iterator[StatementLine]:
    what = f"entry {before + 1}"
    status = reader.text(entry, "c:Sts") or reader.text(entry, "c:Sts/c:Cd")
    if status != "BOOK":
        return  # pending or information only: not on the balance
    amount, currency = reader.amount(entry, "c:Amt", what)
    credit = reader.credit(entry, what)
    value_date = reader.day(entry, "c:ValDt", what)
    booking_date = reader.day(entry, "c:BookgDt", what)
    day = value_date or booking_date
    if day is None:
        raise UnreadableStatement(f"{what}: neither a value date nor a booking date")
    entry_reference = reader.text(entry, "c:AcctSvcrRef")
    transactions = reader.findall(entry, "c:NtryDtls/c:TxDtls")
    if not transactions:
        yield StatementLine(
            amount, currency, credit, day, booking_date, None, None, None, None, entry_reference
        )
        return
    total = Decimal("0")
    for index, transaction in enumerate(transactions):
        own = reader.find(transaction, "c:Amt")
        if own is None:
            own = reader.find(transaction, "c:AmtDtls/c:TxAmt/c:Amt")
        if own is not None:
            line_amount, line_currency = reader.amount_of(own, what)
        elif len(transactions) == 1:
            line_amount, line_currency = amount, currency
        else:
            raise UnreadableStatement(f"{what}: a batch booking whose transactions have no amount")
        total += line_amount
        party = "Dbtr" if credit else "Cdtr"
        name = reader.text(transaction, f"c:RltdPties/c:{party}/c:Nm") or reader.text(
            transaction, f"c:RltdPties/c:{party}/c:Pty/c:Nm"
        )
        iban = reader.text(transaction, f"c:RltdPties/c:{party}Acct/c:Id/c:IBAN")
        unstructured = " ".join(
            text.strip()
            for node in reader.findall(transaction, "c:RmtInf/c:Ustrd")
            if (text := node.text) and text.strip()
        )
        yield StatementLine(
            amount=line_amount,
            currency=line_currency,
            credit=credit,
            value_date=day,
            booking_date=booking_date,
            counterparty_name=name,
            counterparty_iban=iban.replace(" ", "").upper() if iban else None,
            structured_reference=reader.text(transaction, "c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref"),
            unstructured=unstructured or None,
            bank_reference=reader.text(transaction, "c:Refs/c:AcctSvcrRef")
            or (f"{entry_reference}/{index + 1}" if entry_reference else None),
        )
    if len(transactions) > 1 and total != amount:
        raise UnreadableStatement(
            f"{what}: its transactions add up to {total}, the entry says {amount}"
        )
