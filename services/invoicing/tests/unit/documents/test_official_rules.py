"""Every VAT case, as invoice and credit note, through the official EN 16931 artefacts (UBL and
CII), the Factur-X EN 16931 rules, and the Peppol BIS 3.0 rules our documents touch."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from facturx import get_xml_from_pdf, xml_check_xsd
from lxml import etree
from pypdf import PdfReader

from smart_common.rulepacks import default_rule_book
from smart_common.structured_communication import payment_reference
from smart_devstack.einvoice_validation import UBL_NS, fatal_findings, peppol_problems
from smart_invoicing.documents.cii import render_cii, render_facturx
from smart_invoicing.documents.pdf import render_pdf
from smart_invoicing.documents.ubl import render_ubl
from smart_invoicing.domain.content import (
    compose_credit_note,
    compose_invoice,
    invoice_languages,
)
from smart_invoicing.domain.document import Document, Line
from smart_invoicing.domain.parties import buyer_party, seller_party
from smart_invoicing.domain.vat import ClientKind, ServiceNature, SupplyFacts, decide_vat

ON = date(2026, 11, 22)
PACKS = {entity: default_rule_book().pack(entity, ON) for entity in ("BE", "FR")}
PACK = PACKS["BE"]
SELLERS = {
    "BE": seller_party(
        name="Smart Coop",
        vat_number="BE0123456749",
        street="Rue de la Coopération 1",
        postal_code="1000",
        city="Bruxelles",
        country="BE",
        email="invoices@smart.example",
        pack=PACKS["BE"],
    ),
    "FR": seller_party(
        name="Smart France",
        vat_number="FR44732829320",
        street="Rue de la Coopération 1",
        postal_code="75011",
        city="Paris",
        country="FR",
        email="factures@smart.example",
        pack=PACKS["FR"],
    ),
}
SEAT = {"BE": ("brussels", "BE71096123456769"), "FR": ("france", "FR7630006000011234567890189")}
CASES = {
    "belgian business 21%": ("BE", "business", "BE0403019261", "BE", "general", "nl", "S"),
    "copyright licence 6%": (
        "BE",
        "business",
        "BE0403019261",
        "BE",
        "copyright_licence",
        "fr",
        "S",
    ),
    "artistic performance": (
        "BE",
        "business",
        "BE0403019261",
        "BE",
        "artistic_performance",
        "fr",
        "E",
    ),
    "french business": ("BE", "business", "FR40303265045", "FR", "general", "fr", "AE"),
    "dutch business": ("BE", "business", "NL004495445B01", "NL", "general", "nl", "AE"),
    "us business": ("BE", "business", "12-3456789", "US", "general", "en", "O"),
    "belgian consumer": ("BE", "consumer", None, "BE", "general", "fr", "S"),
    "french entity, french business 20%": (
        "FR",
        "business",
        "FR40303265045",
        "FR",
        "general",
        "fr",
        "S",
    ),
    "french entity, belgian business": (
        "FR",
        "business",
        "BE0403019261",
        "BE",
        "general",
        "fr",
        "AE",
    ),
    "french entity, us business": ("FR", "business", "12-3456789", "US", "general", "en", "O"),
    "french entity, french consumer": ("FR", "consumer", None, "FR", "general", "fr", "S"),
}


def documents(case: str) -> tuple[Document, Document, Document]:
    entity, kind, vat, country, nature, language, category = CASES[case]
    pack, seller, (seat, iban) = PACKS[entity], SELLERS[entity], SEAT[entity]
    buyer = buyer_party(
        pack,
        name="Client SA",
        kind=kind,
        vat_number=vat,
        street="Street 2",
        postal_code="9000",
        city="City",
        country=country,
        email="client@example.org",
        peppol_id=None,
        seller=seller,
    )
    facts = SupplyFacts(entity, ClientKind(kind), country, ServiceNature(nature))
    decision = decide_vat(facts, pack)
    assert decision.category == category
    line = Line(
        "Stage lighting (3 d)",
        Decimal("1"),
        "C62",
        Decimal("1234.57"),
        Decimal("1234.57"),
        decision.category,
        decision.rate,
        date(2026, 12, 1),
        date(2026, 12, 3),
    )
    invoice = compose_invoice(
        number=f"{entity}2026-000042",
        issue_date=ON,
        seller=seller,
        buyer=buyer,
        lines=[line],
        decision=decision,
        pack=pack,
        languages=invoice_languages(pack, seat, buyer, language),
        currency="EUR",
        payment_reference=payment_reference(pack.value("payment_reference"), 2600004242),
        iban=iban,
        buyer_reference="job-42",
        activity_name="Lumière Studio",
        logo=None,
    )
    credit = compose_credit_note(
        invoice,
        number="BE2026-CN000007",
        issue_date=date(2026, 11, 25),
        amount_excl_vat=Decimal("200.00"),
        already_credited_excl_vat=Decimal("0"),
        reason="Shorter performance",
    )
    full = compose_credit_note(
        invoice,
        number="BE2026-CN000008",
        issue_date=date(2026, 11, 25),
        amount_excl_vat=None,
        already_credited_excl_vat=Decimal("0"),
        reason="Job cancelled",
    )
    return invoice, credit, full


@pytest.mark.parametrize("case", CASES)
def test_invoice_and_credit_note_pass_the_official_rules(case):
    for document in documents(case):
        pdf = render_pdf(document)
        ubl = render_ubl(document, pdf=pdf)
        assert fatal_findings(ubl, "en16931-ubl") == [], (case, document.kind)
        assert peppol_problems(ubl) == [], (case, document.kind)
        cii = render_cii(document)
        assert xml_check_xsd(cii, flavor="factur-x", level="en16931")
        assert fatal_findings(cii, "en16931-cii") == [], (case, document.kind)
        assert fatal_findings(cii, "facturx-en16931") == [], (case, document.kind)


@pytest.mark.parametrize("case", CASES)
def test_totals_agree_to_the_cent_in_ubl_cii_and_pdf(case):
    for document in documents(case):
        pdf = render_pdf(document)
        ubl = etree.fromstring(render_ubl(document))
        assert ubl.xpath("string(cac:LegalMonetaryTotal/cbc:PayableAmount)", namespaces=UBL_NS) == (
            f"{document.total_incl_vat:.2f}"
        )
        assert ubl.xpath("string(cac:TaxTotal/cbc:TaxAmount)", namespaces=UBL_NS) == (
            f"{document.total_vat:.2f}"
        )
        facturx = render_facturx(document, pdf)
        name, xml = get_xml_from_pdf(facturx, check_xsd=True)
        assert name == "factur-x.xml"
        cii = etree.fromstring(xml)
        grand = cii.xpath("string(//*[local-name()='GrandTotalAmount'])")
        assert grand == f"{document.total_incl_vat:.2f}"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert f"{document.total_incl_vat:.2f}" in text
        assert document.number in text


@pytest.mark.parametrize("case", CASES)
def test_the_pdf_shows_the_mandatory_mentions(case):
    invoice, credit, _ = documents(case)
    text = " ".join(
        "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(invoice))).pages
        ).split()
    )
    for needed in (
        invoice.number,
        invoice.issue_date.isoformat(),
        invoice.seller.name,
        invoice.seller.vat_number,
        invoice.buyer.name,
        invoice.payment_reference,
        invoice.due_date.isoformat(),
    ):
        assert needed in text, needed
    if invoice.buyer.vat_number:
        assert invoice.buyer.vat_number in text
    for group in invoice.vat_groups:
        if group.mention:
            assert " ".join(group.mention.split())[:40] in text
    assert " ".join(invoice.late_payment[0].split())[:40] in text
    credit_text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(credit))).pages
    )
    assert invoice.number in credit_text and credit.number in credit_text


def test_credit_notes_never_exceed_the_invoice():
    from smart_invoicing.domain.content import InvalidDocument

    invoice, _, _ = documents("belgian business 21%")
    with pytest.raises(InvalidDocument):
        compose_credit_note(
            invoice,
            number="X",
            issue_date=date(2026, 11, 25),
            amount_excl_vat=Decimal("1000.00"),
            already_credited_excl_vat=Decimal("300.00"),
            reason="too much",
        )
    rest = compose_credit_note(
        invoice,
        number="X",
        issue_date=date(2026, 11, 25),
        amount_excl_vat=None,
        already_credited_excl_vat=Decimal("234.57"),
        reason="the rest",
    )
    assert rest.total_excl_vat == Decimal("1000.00") and rest.total_vat == Decimal("210.00")


def test_languages_follow_the_seat_region():
    invoice, _, _ = documents("dutch business")
    assert invoice.language == "nl"  # Brussels: the client's French or Dutch
    flemish = invoice_languages(PACK, "flanders", invoice.buyer, "en")
    assert (flemish.binding, flemish.translation) == ("nl", "en")
    walloon = invoice_languages(PACK, "wallonia", invoice.buyer, "nl")
    assert (walloon.binding, walloon.translation) == ("fr", None)
