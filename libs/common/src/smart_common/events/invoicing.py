"""Events published by the invoicing service."""

from __future__ import annotations

from datetime import date
from typing import Literal

from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import EventData
from smart_common.events.erasure import ErasureReport
from smart_common.money import Amount


class InvoiceIssued(EventData):
    event_type = "coop.smart.invoicing.invoice.issued.v1"
    stream = "invoicing.invoice"
    invoice_id: str
    number: str
    job_id: str
    member_id: str
    client_id: str
    entity: str
    issue_date: date
    due_date: date
    total_excl_vat: Amount
    total_vat: Amount
    total_incl_vat: Amount
    currency: str
    payment_reference: str


class InvoiceSent(EventData):
    event_type = "coop.smart.invoicing.invoice.sent.v1"
    stream = "invoicing.invoice"
    invoice_id: str
    number: str
    job_id: str
    member_id: str
    client_id: str
    entity: str
    channel: str
    job_end_date: date
    due_date: date
    total_incl_vat: Amount
    currency: str
    payment_reference: str
    client_kind: Literal["business", "consumer"] = "business"
    """Which late-payment law applies (added in place: absent from earlier events)."""
    language: str | None = None
    """The invoice's language, the reminders' (absent from earlier events)."""
    salary_guaranteed: bool = True
    """False for a budget-mode job: no salary hangs on this invoice, so the guarantee fund
    advances nothing (added in place: absent from earlier events)."""


class ReminderSent(EventData):
    """A reminder collections issued reached the client (by e-mail, with the invoice's PDF):
    ``receipt`` is the channel's proof (the e-mail's Message-ID)."""

    event_type = "coop.smart.invoicing.reminder.sent.v1"
    stream = "invoicing.invoice"
    reminder_id: str
    number: str
    receivable_id: str
    invoice_id: str
    job_id: str
    step: str
    channel: str
    receipt: str | None


class CreditNoteIssued(EventData):
    """A credit note corrects an invoice (never deleted, never renumbered): the receivable is
    reduced by ``total_incl_vat``; ``fully_credited`` says nothing is left to collect."""

    event_type = "coop.smart.invoicing.credit_note.issued.v1"
    stream = "invoicing.invoice"
    credit_note_id: str
    number: str
    invoice_id: str
    invoice_number: str
    job_id: str
    member_id: str
    entity: str
    issue_date: date
    total_excl_vat: Amount
    total_vat: Amount
    total_incl_vat: Amount
    currency: str
    fully_credited: bool
    reason: str


class QuoteAccepted(EventData):
    """The client accepted the quote through its signed link."""

    event_type = "coop.smart.invoicing.quote.accepted.v1"
    stream = "invoicing.quote"
    quote_id: str
    number: str
    member_id: str
    entity: str
    client_id: str
    total_incl_vat: Amount
    currency: str


class QuoteConfirmed(EventData):
    """The member confirmed an accepted quote: members declares the job it describes."""

    event_type = "coop.smart.invoicing.quote.confirmed.v1"
    stream = "invoicing.quote"
    quote_id: str
    number: str
    member_id: str
    entity: str
    client_id: str
    description: str
    occupation_code: str
    start_date: date
    end_date: date
    worked_days: int
    amount_excl_vat: Amount
    currency: str
    contract_type: str
    expenses: Amount
    service_nature: str
    place_country: str | None = None
    buyer_reference: str | None = None


class InvoicingDataExportPart(DataExportChunk):
    event_type = "coop.smart.invoicing.data_export.part.v1"
    stream = "invoicing.data_export"


class InvoicingErasureReport(ErasureReport):
    event_type = "coop.smart.invoicing.erasure.reported.v1"
    stream = "invoicing.erasure"
