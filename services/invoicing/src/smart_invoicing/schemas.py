"""What the invoicing service takes and answers over HTTP.

Amounts are decimal strings, dates ISO 8601. The answer models document the fields a client
can rely on and keep the others of the stored document (``document`` holds the legal content:
parties, lines, VAT breakdown, totals, mentions).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from smart_common.events.members import ContractType
from smart_common.money import CentAmount, Currency
from smart_common.representation import public_document
from smart_common.text import InputModel
from smart_invoicing.domain.vat import ServiceNature

# --- requests ---------------------------------------------------------------------------


class CreditNoteIn(InputModel):
    amount_excl_vat: CentAmount | None = Field(
        default=None,
        gt=Decimal("0"),
        description="Partial credit (excl. VAT); omitted: everything left on the invoice",
    )
    reason: str = Field(min_length=1, max_length=300)


class QuoteIn(InputModel):
    client_id: str = Field(min_length=1, max_length=64)
    description: str = Field(min_length=1, max_length=1000)
    occupation_code: str = Field(pattern=r"^\d{4}$", description="ISCO-08 unit group code")
    start_date: date
    end_date: date
    worked_days: int = Field(ge=1, le=31)
    amount_excl_vat: CentAmount = Field(gt=Decimal("0"), le=Decimal("1000000"))
    currency: Currency
    contract_type: ContractType = ContractType.EMPLOYEE
    expenses: CentAmount = Field(default=Decimal("0"), ge=Decimal("0"))
    service_nature: ServiceNature = ServiceNature.GENERAL
    place_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    buyer_reference: str | None = Field(default=None, min_length=1, max_length=100)


# --- answers ----------------------------------------------------------------------------


class Delivery(BaseModel):
    channel: str = Field(description="peppol or email")
    status: str = Field(
        description="awaiting_hiring_declaration, pending, delivered, failed, withdrawn, "
        "not_required or not_requested"
    )
    attempts: int
    receipt: str | None = Field(default=None, description="The channel's proof of delivery")
    last_error: str | None = None


HIDDEN = ("logo", "delivery", "acceptance_url")
"""Never shown: the logo (its own route), the delivery's schedule, and a quote's signed
acceptance link (for the client alone: a member holding it could accept their own quote)."""


class Settlement(BaseModel):
    """What collections reported: paid so far (incl. VAT), and whether the job's salary is
    ``paid`` (the client settled) or ``guaranteed`` (the guarantee fund paid it)."""

    paid_incl_vat: str = "0"
    salary: Literal["paid", "guaranteed"] | None = None


class Invoice(BaseModel):
    """An issued invoice (EN 16931), its numbering, totals and delivery."""

    model_config = ConfigDict(extra="allow")
    invoice_id: str
    number: str
    job_id: str
    member_id: str
    entity: str
    client_id: str
    issue_date: date
    due_date: date | None
    currency: str
    total_excl_vat: str
    total_vat: str
    total_incl_vat: str
    credited_excl_vat: str
    payment_reference: str = Field(description="The structured communication to pay with")
    status: str = Field(description="issued, sent or credited")
    document: dict[str, Any] | None = Field(
        default=None, description="The legal content the renderings come from"
    )
    delivery: Delivery
    settlement: Settlement = Field(default_factory=Settlement)
    created_at: datetime

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Invoice:
        return cls.model_validate(shown(stored, "invoice_id"))


class CreditNote(BaseModel):
    """A credit note correcting an invoice (the invoice stays as it is)."""

    model_config = ConfigDict(extra="allow")
    credit_note_id: str
    number: str
    invoice_id: str
    invoice_number: str
    job_id: str
    member_id: str
    entity: str
    client_id: str
    issue_date: date
    currency: str
    total_excl_vat: str
    total_vat: str
    total_incl_vat: str
    reason: str
    status: str
    document: dict[str, Any] | None = None
    delivery: Delivery
    created_at: datetime

    @classmethod
    def of(cls, stored: dict[str, Any]) -> CreditNote:
        return cls.model_validate(shown(stored, "credit_note_id"))


class CreditNoteRequest(BaseModel):
    """A credit note a member asked for outside the guard-rails (``why``): a counsellor or an
    administrator of the entity approves it (the note is issued) or rejects it."""

    request_id: str
    invoice_id: str
    invoice_number: str
    job_id: str
    member_id: str
    entity: str
    amount_excl_vat: str | None
    total_incl_vat: str
    """The note's total as it would be issued when the request was made."""
    reason: str
    why: list[str]
    status: Literal["pending", "approved", "rejected"]
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    credit_note_id: str | None = None

    @classmethod
    def of(cls, stored: dict[str, Any]) -> CreditNoteRequest:
        return cls.model_validate(public_document(stored, "request_id"))


class CreditAnswer(BaseModel):
    """What a credit-note request gives: the note issued, or the request awaiting approval."""

    credit_note: CreditNote | None = None
    request: CreditNoteRequest | None = None


class DecisionIn(InputModel):
    reason: str = Field(min_length=1, max_length=300)


class Quote(BaseModel):
    """A quote the member prepared for a client; ``terms`` become the job when confirmed."""

    model_config = ConfigDict(extra="allow")
    quote_id: str
    number: str
    member_id: str
    entity: str
    client_id: str
    issue_date: date
    valid_until: date
    currency: str
    total_excl_vat: str
    total_vat: str
    total_incl_vat: str
    terms: dict[str, Any] = Field(description="The job's terms as the member gave them")
    status: str = Field(description="draft, sent, accepted or confirmed")
    document: dict[str, Any] | None = None
    delivery: Delivery
    created_at: datetime

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Quote:
        return cls.model_validate(shown(stored, "quote_id"))


class QuoteForClient(BaseModel):
    """What the client sees of a quote through its signed link."""

    quote_id: str
    number: str
    status: str
    issuer: str = Field(description="The cooperative, the seller")
    activity: str | None = Field(description="The member's activity, when named")
    client: str
    lines: list[dict[str, Any]]
    total_excl_vat: str
    total_vat: str
    total_incl_vat: str
    currency: str
    valid_until: date

    @classmethod
    def of(cls, quote: dict[str, Any]) -> QuoteForClient:
        document = quote["document"]
        return cls(
            quote_id=quote["_id"],
            number=quote["number"],
            status=quote["status"],
            issuer=document["seller"]["name"],
            activity=document.get("activity_name"),
            client=document["buyer"]["name"],
            lines=document["lines"],
            total_excl_vat=quote["total_excl_vat"],
            total_vat=quote["total_vat"],
            total_incl_vat=quote["total_incl_vat"],
            currency=quote["currency"],
            valid_until=quote["valid_until"],
        )


def shown(stored: dict[str, Any], id_name: str) -> dict[str, Any]:
    """A stored document as shown: its id under its name, the delivery without its schedule,
    neither the logo nor internal fields."""
    answer = public_document(stored, id_name, hidden=HIDDEN)
    delivery = stored.get("delivery", {})
    answer["delivery"] = {
        key: delivery[key]
        for key in ("channel", "status", "attempts", "receipt", "last_error")
        if key in delivery
    }
    return answer
