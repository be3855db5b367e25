"""Events published by the invoicing service."""

from __future__ import annotations

from datetime import date

from smart_common.events.envelope import EventData
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
