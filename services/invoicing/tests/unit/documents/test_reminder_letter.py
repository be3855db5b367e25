"""The reminder letter: its step and number, the invoice it is about, what is owed and by when,
in the invoice's language; the e-mail carries the letter and the invoice."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from smart_common.rulepacks import default_rule_book
from smart_common.structured_communication import payment_reference
from smart_invoicing.documents.pdf import render_reminder_pdf
from smart_invoicing.domain.content import compose_invoice, invoice_languages
from smart_invoicing.domain.document import Document, Line
from smart_invoicing.domain.parties import buyer_party, seller_party
from smart_invoicing.domain.vat import ClientKind, ServiceNature, SupplyFacts, decide_vat

ON = date(2026, 11, 2)
PACK = default_rule_book().pack("BE", ON)


def invoice(language: str) -> Document:
    seller = seller_party(
        name="Smart Coop",
        vat_number="BE0123456749",
        street="Rue de la Coopération 1",
        postal_code="1000",
        city="Bruxelles",
        country="BE",
        email="invoices@smart.example",
        pack=PACK,
    )
    buyer = buyer_party(
        PACK,
        name="Client SA",
        kind="business",
        vat_number="BE0403019261",
        street="Street 2",
        postal_code="9000",
        city="Gent",
        country="BE",
        email="client@example.org",
        peppol_id=None,
        seller=seller,
    )
    decision = decide_vat(SupplyFacts("BE", ClientKind.BUSINESS, "BE", ServiceNature.GENERAL), PACK)
    line = Line(
        "Stage lighting",
        Decimal("1"),
        "C62",
        Decimal("1500.00"),
        Decimal("1500.00"),
        decision.category,
        decision.rate,
        ON,
        ON,
    )
    composed = compose_invoice(
        number="BE2026-000042",
        issue_date=ON,
        seller=seller,
        buyer=buyer,
        lines=[line],
        decision=decision,
        pack=PACK,
        languages=invoice_languages(PACK, "brussels", buyer, language),
        currency="EUR",
        payment_reference=payment_reference(PACK.value("payment_reference"), 2600004242),
        iban="BE71096123456769",
        buyer_reference="job-42",
        activity_name=None,
        logo=None,
    )
    return replace(composed, language=language, translation=None)  # as the client chose


def reminder(**changes: object) -> dict[str, object]:
    return {
        "number": "RBE2026-000007",
        "step": "second_reminder",
        "as_of": "2026-12-23",
        "pay_by": "2027-01-05",
        "principal": "1815.00",
        "interest": "9.45",
        "compensation": "40.00",
        "total": "1864.45",
        "currency": "EUR",
        "interest_complete": True,
    } | changes


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("language", "title", "interest"),
    [
        ("fr", "Second rappel", "Intérêts de retard"),
        ("nl", "Tweede herinnering", "Verwijlinteresten"),
        ("en", "Second reminder", "Late interest"),
    ],
)
def test_the_letter_says_what_is_owed_and_by_when_in_the_invoices_language(
    language, title, interest
):
    text = text_of(render_reminder_pdf(reminder(), invoice(language)))
    assert title in text and "RBE2026-000007" in text and "BE2026-000042" in text
    assert interest in text and "9.45 EUR" in text and "1864.45 EUR" in text
    assert "2027-01-05" in text  # the day to pay by, not the letter's own day
    assert invoice(language).payment_reference in text


def test_nothing_is_claimed_that_the_letter_does_not_owe():
    free = reminder(
        step="first_reminder",
        interest="0",
        compensation="0",
        total="1815.00",
        interest_complete=False,
    )
    text = text_of(render_reminder_pdf(free, invoice("en")))
    assert "Late interest" not in text and "Flat compensation" not in text
    assert "Interest over a period without a published rate is not claimed." in text
