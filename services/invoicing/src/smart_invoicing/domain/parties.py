"""Who issues and who receives: the parties of a document and their Peppol addresses (pure)."""

from __future__ import annotations

from smart_common.rulepacks import RuleNotConfigured, RulePack
from smart_invoicing.domain.document import ElectronicAddress, Party, PostalAddress


def belgian_enterprise_number(vat_number: str | None) -> str | None:
    """BE0123456749 → 0123456749 (the enterprise number is the VAT number's digits)."""
    if vat_number and vat_number.startswith("BE") and vat_number[2:].isdigit():
        return vat_number[2:]
    return None


def french_siren(vat_number: str | None) -> str | None:
    """FR + 2-character key + SIREN (9 digits)."""
    if vat_number and vat_number.startswith("FR") and len(vat_number) == 13:
        return vat_number[4:]
    return None


def electronic_address(
    pack: RulePack,
    *,
    country: str,
    kind: str,
    vat_number: str | None,
    peppol_id: str | None,
    fallback: ElectronicAddress,
) -> ElectronicAddress:
    """The client's own Peppol id, else the one its country's scheme derives from its number.

    Peppol BIS requires a buyer electronic address (PEPPOL-EN16931-R010) but the scheme list has
    none for private persons or for most countries' tax numbers: documents that will never travel
    over Peppol (consumers, clients without a scheme) name the cooperative's own address.
    """
    if peppol_id:
        scheme, _, identifier = peppol_id.partition(":")
        return ElectronicAddress(scheme, identifier)
    if kind != "business" or not vat_number:
        return fallback
    scheme = pack.value("electronic_address_schemes").get(country)
    if scheme is None:
        return fallback
    if scheme["identifier"] == "enterprise_number":
        number = belgian_enterprise_number(vat_number)
        return ElectronicAddress(scheme["scheme"], number) if number else fallback
    return ElectronicAddress(scheme["scheme"], vat_number)


def seller_party(
    *,
    name: str,
    vat_number: str,
    street: str,
    postal_code: str,
    city: str,
    country: str,
    email: str,
    pack: RulePack,
) -> Party:
    """The issuing entity, with the Peppol address its country's scheme gives (Belgium: 0208 and
    the enterprise number; France: 9957 and the VAT number)."""
    enterprise_number = belgian_enterprise_number(vat_number)
    address = electronic_address(
        pack,
        country=country,
        kind="business",
        vat_number=vat_number,
        peppol_id=None,
        fallback=ElectronicAddress("", ""),
    )
    if not address.scheme:
        raise RuleNotConfigured(
            f"electronic_address_schemes: no Peppol scheme for the seller's country {country}"
        )
    return Party(
        name=name,
        address=PostalAddress(street, postal_code, city, country),
        electronic_address=address,
        vat_number=vat_number,
        enterprise_number=enterprise_number,
        tax_number=french_siren(vat_number),
        email=email,
    )


def buyer_party(
    pack: RulePack,
    *,
    name: str,
    kind: str,
    vat_number: str | None,
    street: str,
    postal_code: str,
    city: str,
    country: str,
    email: str,
    peppol_id: str | None,
    seller: Party,
) -> Party:
    eu_vat = (
        vat_number
        if vat_number and vat_number[:2].isalpha() and vat_number[:2] == country.replace("GR", "EL")
        else None
    )
    return Party(
        name=name,
        address=PostalAddress(street, postal_code, city, country),
        electronic_address=electronic_address(
            pack,
            country=country,
            kind=kind,
            vat_number=vat_number,
            peppol_id=peppol_id,
            fallback=seller.electronic_address,
        ),
        vat_number=eu_vat,
        enterprise_number=belgian_enterprise_number(vat_number),
        tax_number=french_siren(vat_number) or (vat_number if not eu_vat else None),
        email=email,
        kind=kind,
    )
