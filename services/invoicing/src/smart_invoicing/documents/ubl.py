"""Peppol BIS Billing 3.0 (UBL 2.1, EN 16931) for invoices and credit notes.

Element order follows the UBL 2.1 schemas. Parties carry their Peppol electronic address; the
seller is identified by its VAT number and its enterprise number (scheme 0208). When a document
is outside the scope of the VAT (category O), EN 16931 forbids the seller's and the buyer's VAT
identifiers (BR-O-02): the seller is then identified by its enterprise number alone.
"""

from __future__ import annotations

import base64

from lxml import etree

from smart_invoicing.documents.amounts import amount, percent, quantity
from smart_invoicing.domain.document import Document, Party

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOTS = {
    "invoice": ("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice"),
    "credit_note": ("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "CreditNote"),
}


def _cbc(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{tag}", attributes)
    element.text = text
    return element


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def _party(parent: etree._Element, party: Party, *, with_vat: bool) -> None:
    element = _cac(parent, "Party")
    _cbc(
        element,
        "EndpointID",
        party.electronic_address.identifier,
        schemeID=party.electronic_address.scheme,
    )
    if party.enterprise_number:
        identification = _cac(element, "PartyIdentification")
        _cbc(identification, "ID", party.enterprise_number, schemeID="0208")
    _cbc(_cac(element, "PartyName"), "Name", party.name)
    address = _cac(element, "PostalAddress")
    _cbc(address, "StreetName", party.address.street)
    _cbc(address, "CityName", party.address.city)
    _cbc(address, "PostalZone", party.address.postal_code)
    _cbc(_cac(address, "Country"), "IdentificationCode", party.address.country)
    if with_vat and party.vat_number:
        scheme = _cac(element, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", party.vat_number)
        _cbc(_cac(scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(element, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", party.name)
    if party.enterprise_number:
        _cbc(legal, "CompanyID", party.enterprise_number, schemeID="0208")
    elif party.tax_number:
        _cbc(legal, "CompanyID", party.tax_number)
    if party.email:
        _cbc(_cac(element, "Contact"), "ElectronicMail", party.email)


def _tax_category(
    parent: etree._Element, name: str, category: str, rate_text: str | None, reason: str | None
) -> None:
    element = _cac(parent, name)
    _cbc(element, "ID", category)
    if rate_text is not None:
        _cbc(element, "Percent", rate_text)
    if reason:
        _cbc(element, "TaxExemptionReason", reason)
    _cbc(_cac(element, "TaxScheme"), "ID", "VAT")


def render_ubl(document: Document, pdf: bytes | None = None) -> bytes:
    namespace, root_name = ROOTS[document.kind]
    root = etree.Element(
        f"{{{namespace}}}{root_name}", nsmap={None: namespace, "cac": CAC, "cbc": CBC}
    )
    currency = document.currency
    credit = document.kind == "credit_note"
    outside_scope = any(group.category == "O" for group in document.vat_groups)
    _cbc(root, "CustomizationID", CUSTOMIZATION)
    _cbc(root, "ProfileID", PROFILE)
    _cbc(root, "ID", document.number)
    _cbc(root, "IssueDate", document.issue_date.isoformat())
    if document.due_date and not credit:
        _cbc(root, "DueDate", document.due_date.isoformat())
    _cbc(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", "381" if credit else "380")
    notes = [*document.legal_notes]
    if document.reason:
        notes.insert(0, document.reason)
    notes += [
        group.mention for group in document.vat_groups if group.category == "S" and group.mention
    ]
    if notes:
        _cbc(root, "Note", " | ".join(notes))
    _cbc(root, "DocumentCurrencyCode", currency)
    _cbc(root, "BuyerReference", document.buyer_reference)
    starts = [line.period_start for line in document.lines if line.period_start]
    ends = [line.period_end for line in document.lines if line.period_end]
    if starts and ends:
        period = _cac(root, "InvoicePeriod")
        _cbc(period, "StartDate", min(starts).isoformat())
        _cbc(period, "EndDate", max(ends).isoformat())
    if document.original:
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", document.original.number)
        _cbc(reference, "IssueDate", document.original.issue_date.isoformat())
    if pdf is not None:
        attached = _cac(root, "AdditionalDocumentReference")
        _cbc(attached, "ID", document.number)
        _cbc(
            _cac(attached, "Attachment"),
            "EmbeddedDocumentBinaryObject",
            base64.b64encode(pdf).decode("ascii"),
            mimeCode="application/pdf",
            filename=f"{document.number}.pdf",
        )
    _party(_cac(root, "AccountingSupplierParty"), document.seller, with_vat=not outside_scope)
    _party(_cac(root, "AccountingCustomerParty"), document.buyer, with_vat=not outside_scope)
    if document.iban and not credit:
        means = _cac(root, "PaymentMeans")
        _cbc(means, "PaymentMeansCode", "30", name="Credit transfer")
        if document.payment_reference:
            _cbc(means, "PaymentID", document.payment_reference)
        _cbc(_cac(means, "PayeeFinancialAccount"), "ID", document.iban)
    terms = [text for text in [document.payment_terms, *document.late_payment] if text]
    if terms:
        _cbc(_cac(root, "PaymentTerms"), "Note", " ".join(terms))
    tax_total = _cac(root, "TaxTotal")
    _cbc(tax_total, "TaxAmount", amount(document.total_vat), currencyID=currency)
    for group in document.vat_groups:
        subtotal = _cac(tax_total, "TaxSubtotal")
        _cbc(subtotal, "TaxableAmount", amount(group.taxable_amount), currencyID=currency)
        _cbc(subtotal, "TaxAmount", amount(group.vat_amount), currencyID=currency)
        _tax_category(
            subtotal,
            "TaxCategory",
            group.category,
            None if group.category == "O" else percent(group.rate),
            group.mention if group.category in ("AE", "E", "O") else None,
        )
    totals = _cac(root, "LegalMonetaryTotal")
    _cbc(totals, "LineExtensionAmount", amount(document.total_excl_vat), currencyID=currency)
    _cbc(totals, "TaxExclusiveAmount", amount(document.total_excl_vat), currencyID=currency)
    _cbc(totals, "TaxInclusiveAmount", amount(document.total_incl_vat), currencyID=currency)
    _cbc(totals, "PayableAmount", amount(document.total_incl_vat), currencyID=currency)
    for index, line in enumerate(document.lines, start=1):
        element = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
        _cbc(element, "ID", str(index))
        _cbc(
            element,
            "CreditedQuantity" if credit else "InvoicedQuantity",
            quantity(line.quantity),
            unitCode=line.unit_code,
        )
        _cbc(element, "LineExtensionAmount", amount(line.net_amount), currencyID=currency)
        if line.period_start and line.period_end:
            period = _cac(element, "InvoicePeriod")
            _cbc(period, "StartDate", line.period_start.isoformat())
            _cbc(period, "EndDate", line.period_end.isoformat())
        item = _cac(element, "Item")
        _cbc(item, "Name", line.description[:200])
        _tax_category(
            item,
            "ClassifiedTaxCategory",
            line.category,
            None if line.category == "O" else percent(line.rate),
            None,
        )
        _cbc(_cac(element, "Price"), "PriceAmount", amount(line.unit_price), currencyID=currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
