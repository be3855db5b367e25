"""An invoice or a credit note as the law and EN 16931 see it: parties, lines, VAT, totals,
mentions (pure data, no I/O). Stored as a plain document; every renderer reads this model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class PostalAddress:
    street: str
    postal_code: str
    city: str
    country: str


@dataclass(frozen=True, slots=True)
class ElectronicAddress:
    scheme: str
    identifier: str


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    address: PostalAddress
    electronic_address: ElectronicAddress
    vat_number: str | None = None
    enterprise_number: str | None = None
    """Belgian enterprise number (10 digits), Peppol scheme 0208."""
    tax_number: str | None = None
    """Another legal or tax identifier (a non-EU business's tax number, a French SIREN)."""
    email: str | None = None
    kind: str = "business"


@dataclass(frozen=True, slots=True)
class Line:
    description: str
    quantity: Decimal
    unit_code: str
    unit_price: Decimal
    net_amount: Decimal
    category: str
    rate: Decimal
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True, slots=True)
class VatGroup:
    category: str
    rate: Decimal
    taxable_amount: Decimal
    vat_amount: Decimal
    mention: str | None
    mention_key: str | None
    mention_translation: str | None = None


@dataclass(frozen=True, slots=True)
class OriginalInvoice:
    number: str
    issue_date: date


@dataclass(frozen=True, slots=True)
class Document:
    kind: str  # "invoice" | "credit_note" | "quote"
    number: str
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: list[Line]
    vat_groups: list[VatGroup]
    total_excl_vat: Decimal
    total_vat: Decimal
    total_incl_vat: Decimal
    language: str
    translation: str | None
    buyer_reference: str
    due_date: date | None = None
    payment_reference: str | None = None
    iban: str | None = None
    payment_terms: str | None = None
    legal_notes: list[str] = field(default_factory=list)
    late_payment: list[str] = field(default_factory=list)
    original: OriginalInvoice | None = None
    reason: str | None = None
    activity_name: str | None = None
    logo: bytes | None = None


def _iso(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_stored(document: Document) -> dict[str, Any]:
    """A plain, JSON-ready dictionary (amounts as strings, dates ISO, logo kept as bytes)."""

    def convert(value: Any) -> Any:
        if hasattr(value, "__dataclass_fields__"):
            return {name: convert(getattr(value, name)) for name in value.__dataclass_fields__}
        if isinstance(value, list):
            return [convert(item) for item in value]
        return _iso(value)

    return convert(document)  # type: ignore[no-any-return]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _party(data: dict[str, Any]) -> Party:
    return Party(
        name=data["name"],
        address=PostalAddress(**data["address"]),
        electronic_address=ElectronicAddress(**data["electronic_address"]),
        vat_number=data.get("vat_number"),
        enterprise_number=data.get("enterprise_number"),
        tax_number=data.get("tax_number"),
        email=data.get("email"),
        kind=data.get("kind", "business"),
    )


def from_stored(data: dict[str, Any]) -> Document:
    return Document(
        kind=data["kind"],
        number=data["number"],
        issue_date=date.fromisoformat(data["issue_date"]),
        currency=data["currency"],
        seller=_party(data["seller"]),
        buyer=_party(data["buyer"]),
        lines=[
            Line(
                description=line["description"],
                quantity=Decimal(line["quantity"]),
                unit_code=line["unit_code"],
                unit_price=Decimal(line["unit_price"]),
                net_amount=Decimal(line["net_amount"]),
                category=line["category"],
                rate=Decimal(line["rate"]),
                period_start=_date(line.get("period_start")),
                period_end=_date(line.get("period_end")),
            )
            for line in data["lines"]
        ],
        vat_groups=[
            VatGroup(
                category=group["category"],
                rate=Decimal(group["rate"]),
                taxable_amount=Decimal(group["taxable_amount"]),
                vat_amount=Decimal(group["vat_amount"]),
                mention=group.get("mention"),
                mention_key=group.get("mention_key"),
                mention_translation=group.get("mention_translation"),
            )
            for group in data["vat_groups"]
        ],
        total_excl_vat=Decimal(data["total_excl_vat"]),
        total_vat=Decimal(data["total_vat"]),
        total_incl_vat=Decimal(data["total_incl_vat"]),
        language=data["language"],
        translation=data.get("translation"),
        buyer_reference=data["buyer_reference"],
        due_date=_date(data.get("due_date")),
        payment_reference=data.get("payment_reference"),
        iban=data.get("iban"),
        payment_terms=data.get("payment_terms"),
        legal_notes=list(data.get("legal_notes", [])),
        late_payment=list(data.get("late_payment", [])),
        original=(
            OriginalInvoice(
                data["original"]["number"], date.fromisoformat(data["original"]["issue_date"])
            )
            if data.get("original")
            else None
        ),
        reason=data.get("reason"),
        activity_name=data.get("activity_name"),
        logo=data.get("logo"),
    )
