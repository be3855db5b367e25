"""How an invoice reaches its client."""

from __future__ import annotations


def delivery_channel(buyer_kind: str, buyer_country: str, seller_country: str) -> str:
    """Peppol for business clients established in the seller's country (the Belgian mandate),
    e-mail with the PDF and the XML otherwise."""
    if buyer_kind == "business" and buyer_country == seller_country == "BE":
        return "peppol"
    return "email"
