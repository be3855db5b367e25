"""The VAT engine: rate, category and legal mention from the job and the client (pure).

The decision is data: the entity's ``vat_cases`` rule lists cases in order, each with the facts
it matches; the first match wins. EN 16931 categories: S standard/reduced rate, AE reverse
charge, E exempt, O outside the scope of the VAT.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from smart_common.events.members import ClientKind, ServiceNature
from smart_common.rulepacks import RuleNotConfigured, RulePack

__all__ = ["ClientKind", "ServiceNature", "SupplyFacts", "VatDecision", "decide_vat"]

EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


@dataclass(frozen=True, slots=True)
class SupplyFacts:
    """What the VAT treatment depends on."""

    seller_country: str
    client_kind: ClientKind
    client_country: str
    service_nature: ServiceNature
    recognised_training: bool = False
    place_country: str | None = None

    def as_matchable(self) -> dict[str, Any]:
        if self.client_country == self.seller_country:
            zone = "domestic"
        elif self.client_country in EU_COUNTRIES:
            zone = "eu"
        else:
            zone = "non_eu"
        return {
            "client_kind": self.client_kind.value,
            "client_zone": zone,
            "service_nature": self.service_nature.value,
            "recognised_training": self.recognised_training,
            "performed_abroad": (self.place_country or self.seller_country) != self.seller_country,
        }


@dataclass(frozen=True, slots=True)
class VatDecision:
    category: str
    rate: Decimal
    mention_key: str | None
    mentions: dict[str, str]

    def mention(self, language: str) -> str | None:
        if self.mention_key is None:
            return None
        return self.mentions.get(language) or self.mentions.get("en")


def decide_vat(facts: SupplyFacts, pack: RulePack) -> VatDecision:
    matchable = facts.as_matchable()
    for case in pack.value("vat_cases"):
        if all(matchable.get(key) == expected for key, expected in case["when"].items()):
            key = case.get("mention")
            mentions = pack.value("vat_mentions")[key] if key else {}
            return VatDecision(case["category"], Decimal(case["rate"]), key, mentions)
    raise RuleNotConfigured(f"no VAT case of {pack.entity} matches {matchable}")
