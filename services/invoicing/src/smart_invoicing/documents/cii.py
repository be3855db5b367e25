"""UN/CEFACT CII D16B in the Factur-X EN 16931 profile, and the Factur-X PDF/A-3 around it.

It says what the UBL says (same identifiers, same categories, same amounts); element order
follows the CII schema the ``factur-x`` library checks.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from smart_invoicing.documents.amounts import amount, percent, quantity
from smart_invoicing.domain.document import Document, Party

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
EN16931_PROFILE = "urn:cen.eu:en16931:2017"


def _element(
    parent: etree._Element, namespace: str, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _ram(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    return _element(parent, RAM, tag, text, **attributes)


def _date(parent: etree._Element, tag: str, value: date, namespace: str = UDT) -> None:
    _element(_ram(parent, tag), namespace, "DateTimeString", value.strftime("%Y%m%d"), format="102")


def _party(parent: etree._Element, tag: str, party: Party, *, with_vat: bool) -> None:
    element = _ram(parent, tag)
    _ram(element, "Name", party.name)
    if party.enterprise_number:
        _ram(
            _ram(element, "SpecifiedLegalOrganization"),
            "ID",
            party.enterprise_number,
            schemeID="0208",
        )
    elif party.tax_number:
        _ram(_ram(element, "SpecifiedLegalOrganization"), "ID", party.tax_number)
    address = _ram(element, "PostalTradeAddress")
    _ram(address, "PostcodeCode", party.address.postal_code)
    _ram(address, "LineOne", party.address.street)
    _ram(address, "CityName", party.address.city)
    _ram(address, "CountryID", party.address.country)
    _ram(
        _ram(element, "URIUniversalCommunication"),
        "URIID",
        party.electronic_address.identifier,
        schemeID=party.electronic_address.scheme,
    )
    if with_vat and party.vat_number:
        _ram(_ram(element, "SpecifiedTaxRegistration"), "ID", party.vat_number, schemeID="VA")


def _trade_tax(
    parent: etree._Element,
    category: str,
    rate: str | None,
    *,
    calculated: str | None = None,
    basis: str | None = None,
    reason: str | None = None,
) -> None:
    tax = _ram(parent, "ApplicableTradeTax")
    if calculated is not None:
        _ram(tax, "CalculatedAmount", calculated)
    _ram(tax, "TypeCode", "VAT")
    if reason:
        _ram(tax, "ExemptionReason", reason)
    if basis is not None:
        _ram(tax, "BasisAmount", basis)
    _ram(tax, "CategoryCode", category)
    if rate is not None:
        _ram(tax, "RateApplicablePercent", rate)


def render_cii(document: Document) -> bytes:
    root = etree.Element(
        f"{{{RSM}}}CrossIndustryInvoice", nsmap={"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
    )
    credit = document.kind == "credit_note"
    outside_scope = any(group.category == "O" for group in document.vat_groups)
    context = _element(root, RSM, "ExchangedDocumentContext")
    _ram(_ram(context, "GuidelineSpecifiedDocumentContextParameter"), "ID", EN16931_PROFILE)
    header = _element(root, RSM, "ExchangedDocument")
    _ram(header, "ID", document.number)
    _ram(header, "TypeCode", "381" if credit else "380")
    _date(header, "IssueDateTime", document.issue_date)
    notes = [*document.legal_notes]
    if document.reason:
        notes.insert(0, document.reason)
    notes += [
        group.mention for group in document.vat_groups if group.category == "S" and group.mention
    ]
    for note in notes:
        _ram(_ram(header, "IncludedNote"), "Content", note)
    transaction = _element(root, RSM, "SupplyChainTradeTransaction")
    for index, line in enumerate(document.lines, start=1):
        item = _ram(transaction, "IncludedSupplyChainTradeLineItem")
        _ram(_ram(item, "AssociatedDocumentLineDocument"), "LineID", str(index))
        _ram(_ram(item, "SpecifiedTradeProduct"), "Name", line.description[:200])
        agreement = _ram(item, "SpecifiedLineTradeAgreement")
        _ram(_ram(agreement, "NetPriceProductTradePrice"), "ChargeAmount", amount(line.unit_price))
        _ram(
            _ram(item, "SpecifiedLineTradeDelivery"),
            "BilledQuantity",
            quantity(line.quantity),
            unitCode=line.unit_code,
        )
        settlement = _ram(item, "SpecifiedLineTradeSettlement")
        _trade_tax(settlement, line.category, None if line.category == "O" else percent(line.rate))
        if line.period_start and line.period_end:
            period = _ram(settlement, "BillingSpecifiedPeriod")
            _date(period, "StartDateTime", line.period_start)
            _date(period, "EndDateTime", line.period_end)
        _ram(
            _ram(settlement, "SpecifiedTradeSettlementLineMonetarySummation"),
            "LineTotalAmount",
            amount(line.net_amount),
        )
    agreement = _ram(transaction, "ApplicableHeaderTradeAgreement")
    _ram(agreement, "BuyerReference", document.buyer_reference)
    _party(agreement, "SellerTradeParty", document.seller, with_vat=not outside_scope)
    _party(agreement, "BuyerTradeParty", document.buyer, with_vat=not outside_scope)
    delivery = _ram(transaction, "ApplicableHeaderTradeDelivery")
    ends = [line.period_end for line in document.lines if line.period_end]
    if ends:
        _date(_ram(delivery, "ActualDeliverySupplyChainEvent"), "OccurrenceDateTime", max(ends))
    settlement = _ram(transaction, "ApplicableHeaderTradeSettlement")
    if document.payment_reference and not credit:
        _ram(settlement, "PaymentReference", document.payment_reference)
    _ram(settlement, "InvoiceCurrencyCode", document.currency)
    if document.iban and not credit:
        means = _ram(settlement, "SpecifiedTradeSettlementPaymentMeans")
        _ram(means, "TypeCode", "30")
        _ram(_ram(means, "PayeePartyCreditorFinancialAccount"), "IBANID", document.iban)
    for group in document.vat_groups:
        _trade_tax(
            settlement,
            group.category,
            None if group.category == "O" else percent(group.rate),
            calculated=amount(group.vat_amount),
            basis=amount(group.taxable_amount),
            reason=group.mention if group.category in ("AE", "E", "O") else None,
        )
    starts = [line.period_start for line in document.lines if line.period_start]
    if starts and ends:
        period = _ram(settlement, "BillingSpecifiedPeriod")
        _date(period, "StartDateTime", min(starts))
        _date(period, "EndDateTime", max(ends))
    terms_text = " ".join(filter(None, [document.payment_terms, *document.late_payment]))
    if terms_text or (document.due_date and not credit):
        terms = _ram(settlement, "SpecifiedTradePaymentTerms")
        if terms_text:
            _ram(terms, "Description", terms_text)
        if document.due_date and not credit:
            _date(terms, "DueDateDateTime", document.due_date)
    summation = _ram(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _ram(summation, "LineTotalAmount", amount(document.total_excl_vat))
    _ram(summation, "TaxBasisTotalAmount", amount(document.total_excl_vat))
    _ram(summation, "TaxTotalAmount", amount(document.total_vat), currencyID=document.currency)
    _ram(summation, "GrandTotalAmount", amount(document.total_incl_vat))
    _ram(summation, "DuePayableAmount", amount(document.total_incl_vat))
    if document.original:
        reference = _ram(settlement, "InvoiceReferencedDocument")
        _ram(reference, "IssuerAssignedID", document.original.number)
        _date(reference, "FormattedIssueDateTime", document.original.issue_date, namespace=QDT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def render_facturx(document: Document, pdf: bytes) -> bytes:
    """The PDF with the CII embedded, as PDF/A-3 (the ``factur-x`` library checks the XML)."""
    from facturx import generate_from_binary

    return bytes(
        generate_from_binary(
            pdf,
            render_cii(document),
            flavor="factur-x",
            level="en16931",
            check_xsd=True,
            pdf_metadata={
                "author": document.seller.name,
                "keywords": "Factur-X",
                "title": f"{document.seller.name}: {document.number}",
                "subject": f"{document.kind} {document.number}",
            },
            lang=document.language,
        )
    )
