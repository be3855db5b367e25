"""Delivery policies: the channel an invoice (and its credit notes) takes to its client, named
by the pack's ``invoice_delivery``.

- ``peppol_domestic_b2b``: over Peppol to business clients established in the seller's country
  (Belgium's structured e-invoicing between Belgian taxable persons), by e-mail otherwise;
- ``email``: by e-mail, the PDF (Factur-X for French business clients) with the UBL attached.

A Peppol delivery the receiver refuses falls back to e-mail (the delivery use case).
"""

from __future__ import annotations

from typing import Protocol

from smart_common.rulepacks import RuleNotConfigured, RulePack


class DeliveryPolicy(Protocol):
    def channel(self, buyer_kind: str, buyer_country: str, seller_country: str) -> str: ...


class PeppolDomesticB2B:
    def channel(self, buyer_kind: str, buyer_country: str, seller_country: str) -> str:
        return "peppol" if buyer_kind == "business" and buyer_country == seller_country else "email"


class Email:
    def channel(self, buyer_kind: str, buyer_country: str, seller_country: str) -> str:
        return "email"


DELIVERY_POLICIES: dict[str, DeliveryPolicy] = {
    "peppol_domestic_b2b": PeppolDomesticB2B(),
    "email": Email(),
}


def delivery_policy(pack: RulePack) -> DeliveryPolicy:
    name = pack.value("invoice_delivery")
    try:
        return DELIVERY_POLICIES[name]
    except KeyError:
        raise RuleNotConfigured(f"no invoice delivery policy {name!r} is registered") from None
