"""camt.053 statements built from the ISO 20022 message definitions, as a bank sends them: for
tests, the worked example and the benchmark (a statement paying given structured
communications)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Credit:
    amount: Decimal
    reference: str | None = None  # a structured communication (BBA) or an RF reference (ISO)
    unstructured: str | None = None
    debtor: str = "Théâtre de Namur"
    debtor_iban: str = "BE68539007547034"
    bank_reference: str | None = None
    debit: bool = False  # a debit on the account (a fee, a refund)
    currency: str = "EUR"


def _reference(reference: str) -> str:
    issuer = "ISO" if reference.upper().startswith("RF") else "BBA"
    return (
        "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>"
        f"<Issr>{issuer}</Issr></Tp><Ref>{escape(reference)}</Ref></CdtrRefInf></Strd>"
    )


def _entry(version: str, index: int, credit: Credit, day: date) -> str:
    status = "<Sts><Cd>BOOK</Cd></Sts>" if version == "camt.053.001.08" else "<Sts>BOOK</Sts>"
    party = "Cdtr" if credit.debit else "Dbtr"
    name = f"<Nm>{escape(credit.debtor)}</Nm>"
    party_xml = (
        f"<{party}><Pty>{name}</Pty></{party}>"
        if version == "camt.053.001.08"
        else f"<{party}>{name}</{party}>"
    )
    remittance = ""
    if credit.reference or credit.unstructured:
        remittance = "<RmtInf>"
        if credit.unstructured:
            remittance += f"<Ustrd>{escape(credit.unstructured)}</Ustrd>"
        if credit.reference:
            remittance += _reference(credit.reference)
        remittance += "</RmtInf>"
    reference = credit.bank_reference or f"BANK-{day.isoformat()}-{index:06d}"
    amount = f'<Amt Ccy="{credit.currency}">{credit.amount:.2f}</Amt>'
    # .02 has no TxDtls/Amt: the transaction's amount is AmtDtls/TxAmt/Amt
    own = f"<AmtDtls><TxAmt>{amount}</TxAmt></AmtDtls>" if version == "camt.053.001.02" else amount
    indicator = "DBIT" if credit.debit else "CRDT"
    return (
        f'<Ntry><Amt Ccy="{credit.currency}">{credit.amount:.2f}</Amt>'
        f"<CdtDbtInd>{indicator}</CdtDbtInd>{status}"
        f"<BookgDt><Dt>{day.isoformat()}</Dt></BookgDt><ValDt><Dt>{day.isoformat()}</Dt></ValDt>"
        f"<AcctSvcrRef>{reference}</AcctSvcrRef>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>"
        "</BkTxCd>"
        f"<NtryDtls><TxDtls><Refs><AcctSvcrRef>{reference}</AcctSvcrRef></Refs>"
        f"{own}<RltdPties>{party_xml}<{party}Acct><Id><IBAN>{credit.debtor_iban}</IBAN></Id>"
        f"</{party}Acct></RltdPties>{remittance}</TxDtls></NtryDtls></Ntry>"
    )


def _balance(kind: str, amount: Decimal, day: date) -> str:
    indicator = "CRDT" if amount >= 0 else "DBIT"
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{kind}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="EUR">{abs(amount):.2f}</Amt><CdtDbtInd>{indicator}</CdtDbtInd>'
        f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
    )


def camt053(
    credits: list[Credit],
    day: date,
    *,
    account: str = "BE71096123456769",
    version: str = "camt.053.001.02",
    opening: Decimal = Decimal("1000.00"),
    sequence: int = 1,
    closing: Decimal | None = None,
) -> bytes:
    """A statement of ``account`` on ``day`` booking ``credits``; the closing balance is what
    they add up to unless ``closing`` says otherwise (an unbalanced file)."""
    moved = sum((-c.amount if c.debit else c.amount for c in credits), Decimal("0"))
    closing = opening + moved if closing is None else closing
    entries = "".join(_entry(version, i, credit, day) for i, credit in enumerate(credits))
    statement_id = f"STMT-{account[-8:]}-{day.isoformat()}-{sequence}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:{version}">'
        f"<BkToCstmrStmt><GrpHdr><MsgId>MSG-{statement_id}</MsgId>"
        f"<CreDtTm>{day.isoformat()}T18:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{statement_id}</Id><ElctrncSeqNb>{sequence}</ElctrncSeqNb>"
        f"<CreDtTm>{day.isoformat()}T18:00:00</CreDtTm>"
        f"<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f"{_balance('OPBD', opening, day)}{_balance('CLBD', closing, day)}"
        f"<TxsSummry><TtlNtries><NbOfNtries>{len(credits)}</NbOfNtries></TtlNtries></TxsSummry>"
        f"{entries}</Stmt></BkToCstmrStmt></Document>"
    ).encode()


# --- CODA 2.x (Febelfin): fixed-width records of 128 characters ----------------------------
def _field(value: str, width: int) -> str:
    return value[:width].ljust(width)


def _coda_amount(amount: Decimal, width: int = 16) -> str:
    """A sign (0 credit, 1 debit) and the amount in thousandths, zero-padded."""
    sign = "1" if amount < 0 else "0"
    return sign + f"{int(abs(amount) * 1000):0{width - 1}d}"


def _record(*parts: str) -> str:
    record = "".join(parts)
    assert len(record) == 128, (len(record), record)
    return record


def coda(
    credits: list[Credit],
    day: date,
    *,
    account: str = "BE71096123456769",
    opening: Decimal = Decimal("1000.00"),
    sequence: int = 1,
    closing: Decimal | None = None,
    holder: str = "SMART COOP",
) -> bytes:
    """A CODA 2 statement of a Belgian IBAN ``account`` on ``day`` booking ``credits``: the
    header (0), old balance (1), for each movement its records 21, 22 and 23, the new balance
    (8) and the trailer (9), as the Febelfin standard lays them out."""
    if len(credits) > 9999:
        raise ValueError("a CODA statement numbers its movements on 4 digits: at most 9,999")
    when = day.strftime("%d%m%y")
    moved = sum((-c.amount if c.debit else c.amount for c in credits), Decimal("0"))
    closing = opening + moved if closing is None else closing
    account_field = _field(account, 34) + "EUR"
    records = [
        _record(
            "0",
            "0000",
            when,
            "725",
            "05",
            " ",
            " " * 7,
            _field("0000000001", 10),
            _field(holder, 26),
            _field("KREDBEBB", 11),
            "00403019261",
            " ",
            "00000",
            _field("", 16),
            " ",
            _field("", 15),
            " " * 7,
            "2",
        ),
        _record(
            "1",
            "2",
            f"{sequence:03d}",
            account_field,
            _coda_amount(opening),
            when,
            _field(holder, 26),
            _field("current account", 35),
            f"{sequence:03d}",
        ),
    ]
    for index, credit in enumerate(credits, start=1):
        amount = -credit.amount if credit.debit else credit.amount
        if credit.reference and credit.reference.replace("+", "").replace("/", "").isdigit():
            digits = credit.reference.replace("+", "").replace("/", "")
            communication = "1101" + digits
        else:
            communication = "0" + (credit.unstructured or credit.reference or "")
        reference = credit.bank_reference or f"{day.strftime('%y%m%d')}{index:015d}"
        code = "08037000" if credit.debit else "00150000"
        records += [
            _record(
                "2",
                "1",
                f"{index:04d}",
                "0000",
                _field(reference, 21),
                _coda_amount(amount),
                when,
                code,
                _field(communication, 54),
                when,
                f"{sequence:03d}",
                "0",
                "1",
                " ",
                "0",
            ),
            _record(
                "2",
                "2",
                f"{index:04d}",
                "0000",
                _field("", 53),
                _field("", 35),
                _field("GEBABEBB", 11),
                "   ",
                " ",
                "    ",
                "    ",
                "    ",
                "1",
                " ",
                "0",
            ),
            _record(
                "2",
                "3",
                f"{index:04d}",
                "0000",
                _field(credit.debtor_iban, 37),
                _field(credit.debtor, 35),
                _field("", 43),
                "0",
                " ",
                "0",
            ),
        ]
    records.append(
        _record("8", f"{sequence:03d}", account_field, _coda_amount(closing), when, " " * 64, "0")
    )
    debit = sum((c.amount for c in credits if c.debit), Decimal("0"))
    credit_total = sum((c.amount for c in credits if not c.debit), Decimal("0"))
    counted = len(records) - 1  # the records 1, 2.x, 3.x and 8
    records.append(
        _record(
            "9",
            " " * 15,
            f"{counted:06d}",
            f"{int(debit * 1000):015d}",
            f"{int(credit_total * 1000):015d}",
            " " * 75,
            "2",
        )
    )
    return ("\r\n".join(records) + "\r\n").encode("cp1252")
