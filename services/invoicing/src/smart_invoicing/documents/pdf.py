"""PDF rendering of invoices, credit notes and quotes, in the document's language (and its
translation where the law allows one), with the member's activity name and logo; the cooperative
stays the legal issuer. A reminder is a letter of its own about its invoice. Fonts are embedded
(Bitstream Vera, shipped with reportlab), so the PDF can become PDF/A-3 for Factur-X."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from smart_invoicing.documents.amounts import amount, percent, quantity
from smart_invoicing.domain.document import Document, Party
from smart_invoicing.domain.wording import label, reminder_text

REGULAR, BOLD = "SmartVera", "SmartVera-Bold"
MARGIN = 48
WIDTH, HEIGHT = A4


@cache
def _fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


class _Page:
    """A cursor writing down an A4 canvas, opening a new page when the bottom is reached."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.y = HEIGHT - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self.y = HEIGHT - MARGIN

    def text(self, x: float, text: str, size: float = 9, bold: bool = False) -> None:
        self.canvas.setFont(BOLD if bold else REGULAR, size)
        self.canvas.drawString(x, self.y, text)

    def right(self, x: float, text: str, size: float = 9, bold: bool = False) -> None:
        self.canvas.setFont(BOLD if bold else REGULAR, size)
        self.canvas.drawRightString(x, self.y, text)

    def paragraph(
        self, text: str, x: float = MARGIN, width: float = WIDTH - 2 * MARGIN, size: float = 8
    ) -> None:
        for row in simpleSplit(text, REGULAR, size, width):
            self.need(size + 3)
            self.text(x, row, size)
            self.y -= size + 3

    def down(self, height: float) -> None:
        self.y -= height


def _label(key: str, document: Document) -> str:
    text = label(key, document.language)
    if document.translation:
        text += f" / {label(key, document.translation)}"
    return text


def _party_lines(party: Party, document: Document) -> list[str]:
    rows = [
        party.name,
        party.address.street,
        f"{party.address.postal_code} {party.address.city}",
        party.address.country,
    ]
    if party.vat_number:
        rows.append(f"{_label('vat_number', document)}: {party.vat_number}")
    if party.enterprise_number:
        rows.append(f"{_label('enterprise_number', document)}: {party.enterprise_number}")
    elif party.tax_number:
        rows.append(f"{_label('tax_number', document)}: {party.tax_number}")
    return rows


def _parties(page: _Page, document: Document) -> None:
    block_top = page.y
    page.text(MARGIN, _label("seller", document), 8, bold=True)
    for row in _party_lines(document.seller, document):
        page.down(11)
        page.text(MARGIN, row, 9)
    left_bottom = page.y
    page.y = block_top
    page.text(WIDTH / 2 + 10, _label("buyer", document), 8, bold=True)
    for row in _party_lines(document.buyer, document):
        page.down(11)
        page.text(WIDTH / 2 + 10, row, 9)
    page.y = min(page.y, left_bottom) - 20


def _logo(page: _Page, document: Document, top: float) -> None:
    if document.logo:
        try:
            page.canvas.drawImage(
                ImageReader(io.BytesIO(document.logo)),
                MARGIN,
                top - 50,
                width=90,
                height=50,
                preserveAspectRatio=True,
                mask="auto",
            )
        except Exception:  # a logo that cannot be drawn never blocks an invoice
            pass
    if document.activity_name:
        page.y = top - 62
        page.text(MARGIN, f"{_label('activity', document)}: {document.activity_name}", 9, bold=True)
    page.y = top


def _started(title: str, document: Document) -> tuple[io.BytesIO, _Page]:
    """A new A4 document titled and authored by the seller, with the logo drawn."""
    _fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor(document.seller.name)
    page = _Page(canvas)
    _logo(page, document, page.y)
    return buffer, page


def render_pdf(document: Document) -> bytes:
    buffer, page = _started(
        f"{label(document.kind, document.language)} {document.number}", document
    )
    canvas, top = page.canvas, page.y
    page.right(WIDTH - MARGIN, f"{_label(document.kind, document)}", 16, bold=True)
    page.down(18)
    page.right(WIDTH - MARGIN, f"{_label('number', document)}: {document.number}", 10)
    page.down(13)
    page.right(
        WIDTH - MARGIN, f"{_label('issue_date', document)}: {document.issue_date.isoformat()}", 9
    )
    if document.due_date:
        page.down(12)
        label_key = "valid_until" if document.kind == "quote" else "due_date"
        page.right(
            WIDTH - MARGIN, f"{_label(label_key, document)}: {document.due_date.isoformat()}", 9
        )
    page.y = min(page.y, top - 70) - 16
    _parties(page, document)
    if document.original:
        page.text(
            MARGIN,
            f"{_label('credits_invoice', document)} {document.original.number} "
            f"{label('of', document.language)} {document.original.issue_date.isoformat()}",
            9,
            bold=True,
        )
        page.down(12)
    if document.reason:
        page.paragraph(f"{_label('reason', document)}: {document.reason}", size=9)
    columns = (MARGIN, WIDTH - MARGIN)
    page.need(40)
    for language, size, bold in ((document.language, 8, True), (document.translation, 7, False)):
        if language is None:
            continue
        page.text(columns[0], label("description", language), size, bold=bold)
        page.right(330, label("quantity", language), size, bold=bold)
        page.right(405, label("unit_price", language), size, bold=bold)
        page.right(462, label("vat_rate", language), size, bold=bold)
        page.right(columns[1], label("amount", language), size, bold=bold)
        page.down(size + 2)
    page.down(-6)
    canvas.line(MARGIN, page.y, WIDTH - MARGIN, page.y)
    page.down(12)
    for line in document.lines:
        description = line.description
        if line.period_start and line.period_end:
            period = f"{line.period_start.isoformat()} – {line.period_end.isoformat()}"
            description += f" ({_label('period', document)} {period})"
        rows = simpleSplit(description, REGULAR, 9, 270)
        page.need(12 * len(rows) + 4)
        page.right(330, quantity(line.quantity), 9)
        page.right(405, amount(line.unit_price), 9)
        page.right(462, "—" if line.category == "O" else f"{percent(line.rate)} %", 9)
        page.right(columns[1], amount(line.net_amount), 9)
        for row in rows:
            page.text(columns[0], row, 9)
            page.down(12)
    canvas.line(MARGIN, page.y + 6, WIDTH - MARGIN, page.y + 6)
    page.down(6)
    for group in document.vat_groups:
        page.need(14)
        rate = "—" if group.category == "O" else f"{percent(group.rate)} %"
        page.text(
            MARGIN,
            f"{_label('vat_amount', document)} {group.category} {rate} — "
            f"{_label('taxable_amount', document)} "
            f"{amount(group.taxable_amount)} {document.currency}: "
            f"{amount(group.vat_amount)} {document.currency}",
            9,
        )
        page.down(12)
        for mention in filter(None, (group.mention, group.mention_translation)):
            page.paragraph(mention, size=8)
    page.down(6)
    for key, value, bold in (
        ("total_excl_vat", document.total_excl_vat, False),
        ("total_vat", document.total_vat, False),
        ("total_incl_vat", document.total_incl_vat, True),
    ):
        page.need(14)
        page.right(400, _label(key, document), 10, bold)
        page.right(WIDTH - MARGIN, f"{amount(value)} {document.currency}", 10, bold)
        page.down(14)
    if document.kind == "credit_note":
        page.right(400, _label("to_refund", document), 10, True)
        page.right(
            WIDTH - MARGIN, f"{amount(document.total_incl_vat)} {document.currency}", 10, True
        )
        page.down(14)
    page.down(8)
    if (
        document.kind == "invoice"
        and document.iban
        and document.payment_reference
        and document.due_date
    ):
        wording = (
            "payment_creditor_reference"
            if document.payment_reference.startswith("RF")
            else "payment"
        )
        for language in filter(None, (document.language, document.translation)):
            page.paragraph(
                label(wording, language).format(
                    iban=document.iban,
                    reference=document.payment_reference,
                    due=document.due_date.isoformat(),
                ),
                size=9,
            )
    for text in filter(
        None, [document.payment_terms, *document.late_payment, *document.legal_notes]
    ):
        page.down(3)
        page.paragraph(text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


REMINDER_AMOUNTS = ("principal", "interest", "compensation", "total")


def render_reminder_pdf(reminder: dict[str, Any], invoice: Document) -> bytes:
    """The reminder letter in the invoice's language: its step and number, the invoice it is
    about, what is owed on its day (principal, interest to date, compensation) and how to pay."""
    language = invoice.language
    title = reminder_text(reminder["step"], language)
    buffer, page = _started(f"{title} {reminder['number']}", invoice)
    canvas, top = page.canvas, page.y
    page.right(WIDTH - MARGIN, title, 16, bold=True)
    page.down(18)
    page.right(WIDTH - MARGIN, f"{label('number', language)}: {reminder['number']}", 10)
    page.down(13)
    page.right(WIDTH - MARGIN, f"{label('issue_date', language)}: {reminder['as_of']}", 9)
    page.down(12)
    page.right(WIDTH - MARGIN, f"{label('invoice', language)}: {invoice.number}", 9)
    page.y = min(page.y, top - 70) - 16
    _parties(page, invoice)
    page.paragraph(
        reminder_text("intro", language).format(
            invoice=invoice.number,
            due=invoice.due_date.isoformat() if invoice.due_date else "",
            as_of=reminder["as_of"],
        ),
        size=10,
    )
    page.down(8)
    currency = reminder["currency"]
    for key in REMINDER_AMOUNTS:
        if key in ("interest", "compensation") and Decimal(reminder[key]) == 0:
            continue
        bold = key == "total"
        page.need(14)
        page.text(MARGIN + 20, reminder_text(key, language), 10, bold)
        page.right(WIDTH - MARGIN, f"{amount(Decimal(reminder[key]))} {currency}", 10, bold)
        page.down(14)
    page.down(8)
    if not reminder["interest_complete"]:
        page.paragraph(reminder_text("interest_partial", language), size=9)
    if invoice.iban and invoice.payment_reference:
        wording = (
            "payment_creditor_reference"
            if invoice.payment_reference.startswith("RF")
            else "payment"
        )
        page.paragraph(
            label(wording, language).format(
                iban=invoice.iban,
                reference=invoice.payment_reference,
                due=reminder.get("pay_by", reminder["as_of"]),
            ),
            size=9,
        )
    page.down(6)
    page.paragraph(reminder_text("already_paid", language), size=9)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
