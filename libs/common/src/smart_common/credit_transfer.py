"""SEPA credit transfer initiation, ISO 20022 pain.001.001.09: salary batches (payroll),
refunds to clients (collections).

One payment information block per requested execution date; the batch's category purpose and
purpose (``SALA`` for salaries; none for a refund); structured postal addresses (street, post
code, town, country — banks refuse unstructured ones from 2026-11-15, EPC guidance EPC153-22)
for the debtor and every creditor whose address is known (optional inside the SEPA area).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"


@dataclass(frozen=True, slots=True)
class PostalAddress:
    street: str
    postal_code: str
    town: str
    country: str


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    address: PostalAddress | None


@dataclass(frozen=True, slots=True)
class Transfer:
    end_to_end_id: str
    amount: Decimal
    creditor: Party
    iban: str
    remittance: str
    execution_date: date


@dataclass(frozen=True, slots=True)
class Batch:
    message_id: str
    created_at: datetime
    debtor: Party
    debtor_iban: str
    debtor_bic: str
    currency: str
    transfers: list[Transfer]
    purpose: str | None = "SALA"
    """ISO 20022 ExternalPurpose1Code of every transfer (salaries: SALA); None: none given."""

    @property
    def control_sum(self) -> Decimal:
        return sum((transfer.amount for transfer in self.transfers), Decimal("0"))


def _text(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    element.text = text
    return element


def _node(parent: etree._Element, *path: str) -> etree._Element:
    for tag in path:
        parent = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    return parent


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def _latin(text: str, limit: int) -> str:
    """SEPA's character set is restricted; keep Latin letters, digits and common signs."""
    allowed = "/-?:().,'+ "
    cleaned = "".join(
        character if character.isascii() and (character.isalnum() or character in allowed) else " "
        for character in _fold(text)
    )
    return " ".join(cleaned.split())[:limit]


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _party(parent: etree._Element, tag: str, party: Party) -> None:
    element = _node(parent, tag)
    _text(element, "Nm", _latin(party.name, 140))
    if party.address is None:
        return
    address = _node(element, "PstlAdr")
    _text(address, "StrtNm", _latin(party.address.street, 70))
    _text(address, "PstCd", _latin(party.address.postal_code, 16))
    _text(address, "TwnNm", _latin(party.address.town, 35))
    _text(address, "Ctry", party.address.country)


def render_pain001(batch: Batch) -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}Document", nsmap={None: NAMESPACE})
    initiation = _node(root, "CstmrCdtTrfInitn")
    header = _node(initiation, "GrpHdr")
    _text(header, "MsgId", batch.message_id[:35])
    _text(header, "CreDtTm", batch.created_at.replace(microsecond=0, tzinfo=None).isoformat())
    _text(header, "NbOfTxs", str(len(batch.transfers)))
    _text(header, "CtrlSum", _amount(batch.control_sum))
    _text(_node(header, "InitgPty"), "Nm", _latin(batch.debtor.name, 140))
    dates = sorted({transfer.execution_date for transfer in batch.transfers})
    for index, execution_date in enumerate(dates, start=1):
        transfers = [t for t in batch.transfers if t.execution_date == execution_date]
        information = _node(initiation, "PmtInf")
        _text(information, "PmtInfId", f"{batch.message_id[:30]}-{index}")
        _text(information, "PmtMtd", "TRF")
        _text(information, "BtchBookg", "true")
        _text(information, "NbOfTxs", str(len(transfers)))
        _text(information, "CtrlSum", _amount(sum((t.amount for t in transfers), Decimal("0"))))
        kind = _node(information, "PmtTpInf")
        _text(_node(kind, "SvcLvl"), "Cd", "SEPA")
        if batch.purpose:
            _text(_node(kind, "CtgyPurp"), "Cd", batch.purpose)
        _text(_node(information, "ReqdExctnDt"), "Dt", execution_date.isoformat())
        _party(information, "Dbtr", batch.debtor)
        _text(_node(information, "DbtrAcct", "Id"), "IBAN", batch.debtor_iban)
        _text(_node(information, "DbtrAgt", "FinInstnId"), "BICFI", batch.debtor_bic)
        _text(information, "ChrgBr", "SLEV")
        for transfer in transfers:
            item = _node(information, "CdtTrfTxInf")
            _text(_node(item, "PmtId"), "EndToEndId", transfer.end_to_end_id[:35])
            _text(_node(item, "Amt"), "InstdAmt", _amount(transfer.amount), Ccy=batch.currency)
            _party(item, "Cdtr", transfer.creditor)
            _text(_node(item, "CdtrAcct", "Id"), "IBAN", transfer.iban)
            if batch.purpose:
                _text(_node(item, "Purp"), "Cd", batch.purpose)
            _text(_node(item, "RmtInf"), "Ustrd", _latin(transfer.remittance, 140))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
