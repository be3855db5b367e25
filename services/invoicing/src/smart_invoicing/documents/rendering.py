"""A stored invoice, credit note or quote rendered: PDF, UBL, Factur-X, and the parcel a
delivery channel sends; a reminder's parcel carries its letter and its invoice's PDF."""

from __future__ import annotations

from typing import Any

from smart_invoicing.adapters.channels import Attachment, Parcel
from smart_invoicing.documents.cii import render_facturx
from smart_invoicing.documents.pdf import render_pdf, render_reminder_pdf
from smart_invoicing.documents.ubl import render_ubl
from smart_invoicing.domain.document import Document, from_stored
from smart_invoicing.domain.wording import label, reminder_text


def document_of(stored: dict[str, Any]) -> Document:
    return from_stored(stored["document"] | {"logo": stored.get("logo")})


def pdf(stored: dict[str, Any]) -> bytes:
    return render_pdf(document_of(stored))


def ubl(stored: dict[str, Any]) -> bytes:
    document = document_of(stored)
    return render_ubl(document, pdf=render_pdf(document))


def facturx(stored: dict[str, Any]) -> bytes:
    document = document_of(stored)
    return render_facturx(document, render_pdf(document))


def parcel(stored: dict[str, Any]) -> Parcel:
    """What goes out: the UBL (PDF inside), and for e-mail the PDF — a Factur-X PDF for
    French business clients — and the UBL attached; a quote goes with its PDF and the link
    the client accepts it with."""
    document = document_of(stored)
    rendered = render_pdf(document)
    quote = document.kind == "quote"
    xml = b"" if quote else render_ubl(document, pdf=rendered)
    if not quote and document.buyer.kind == "business" and document.buyer.address.country == "FR":
        rendered = render_facturx(document, rendered)
    title = f"{label(document.kind, document.language)} {document.number}"
    body = [f"{title} — {document.seller.name}"]
    if document.activity_name:
        body.append(document.activity_name)
    body.append(
        f"{label('total_incl_vat', document.language)}: "
        f"{document.total_incl_vat} {document.currency}"
    )
    if document.kind == "invoice" and document.iban and document.due_date:
        body.append(
            label("payment", document.language).format(
                iban=document.iban,
                reference=document.payment_reference,
                due=document.due_date.isoformat(),
            )
        )
    if quote and stored.get("acceptance_url"):
        body.append(f"{label('accept', document.language)}: {stored['acceptance_url']}")
    attachments = [Attachment(f"{document.number}.pdf", "application/pdf", rendered)]
    if xml:
        attachments.append(Attachment(f"{document.number}.xml", "application/xml", xml))
    return Parcel(
        instance_id=stored["_id"],
        kind=document.kind,
        number=document.number,
        subject=f"{title} — {document.seller.name}",
        body="\n\n".join(body),
        sender=document.seller.electronic_address,
        receiver=document.buyer.electronic_address,
        email=document.buyer.email,
        ubl=xml,
        attachments=attachments,
    )


def reminder_parcel(reminder: dict[str, Any], invoice: dict[str, Any]) -> Parcel:
    """The reminder by e-mail in the invoice's language: what is owed on its day, how to pay,
    the reminder letter and the invoice's PDF attached."""
    document = document_of(invoice)
    language = document.language
    title = f"{reminder_text(reminder['step'], language)} {reminder['number']}"
    currency = reminder["currency"]
    body = [
        f"{title} — {document.seller.name}",
        reminder_text("intro", language).format(
            invoice=document.number,
            due=document.due_date.isoformat() if document.due_date else "",
            as_of=reminder["as_of"],
        ),
        "\n".join(
            f"{reminder_text(key, language)}: {reminder[key]} {currency}"
            for key in ("principal", "interest", "compensation", "total")
            if key in ("principal", "total") or reminder[key] not in ("0", "0.00")
        ),
    ]
    if not reminder["interest_complete"]:
        body.append(reminder_text("interest_partial", language))
    if document.iban:
        body.append(
            label("payment", language).format(
                iban=document.iban,
                reference=document.payment_reference,
                due=reminder.get("pay_by", reminder["as_of"]),
            )
        )
    body.append(reminder_text("already_paid", language))
    return Parcel(
        instance_id=reminder["_id"],
        kind="reminder",
        number=reminder["number"],
        subject=f"{title} — {label('invoice', language)} {document.number} — "
        f"{document.seller.name}",
        body="\n\n".join(body),
        sender=document.seller.electronic_address,
        receiver=document.buyer.electronic_address,
        email=document.buyer.email,
        ubl=b"",
        attachments=[
            Attachment(
                f"{reminder['number']}.pdf",
                "application/pdf",
                render_reminder_pdf(reminder, document),
            ),
            Attachment(f"{document.number}.pdf", "application/pdf", render_pdf(document)),
        ],
    )
