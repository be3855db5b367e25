"""The entity's statutes as its dated rule pack gives them; a rule the pack lacks answers 422
"not configured" (never a 500), naming what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured, RulePack
from smart_governance.domain.register import Category, RedemptionPolicy, categories
from smart_governance.domain.resolutions import DecisionRule


def _pack(rules: RuleBook, entity: str, on: date, what: str) -> RulePack:
    try:
        return rules.pack(entity, on)
    except RuleNotConfigured as error:
        raise Unprocessable(f"{what} not configured for entity {entity}: {error}") from error


@dataclass(frozen=True, slots=True)
class ShareRules:
    unit_price: Decimal
    currency: str
    categories: dict[str, Category]
    redemption: RedemptionPolicy
    payment_reference: str

    @classmethod
    def of(cls, rules: RuleBook, entity: str, on: date) -> ShareRules:
        pack = _pack(rules, entity, on, "shares are")
        try:
            return cls(
                unit_price=pack.decimal("share_unit_price"),
                currency=pack.value("currency"),
                categories=categories(pack.value("share_categories")),
                redemption=RedemptionPolicy.of(pack.value("share_redemption")),
                payment_reference=pack.value("payment_reference"),
            )
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"shares are not configured for entity {entity}: {error}"
            ) from error


@dataclass(frozen=True, slots=True)
class AssemblyRules:
    notice_days: int
    max_proxies: int
    weighting: str
    decisions: dict[str, DecisionRule]
    seats: dict[str, int]
    source: dict[str, str]
    """Each rule's source, for the minutes."""

    @classmethod
    def of(cls, rules: RuleBook, entity: str, on: date) -> AssemblyRules:
        pack = _pack(rules, entity, on, "general assemblies are")
        names = ("assembly_convocation", "assembly_proxies", "assembly_vote_weight")
        try:
            decisions = pack.value("assembly_decisions")
            return cls(
                notice_days=int(pack.value("assembly_convocation")["notice_days"]),
                max_proxies=int(pack.value("assembly_proxies")["max_per_holder"]),
                weighting=str(pack.value("assembly_vote_weight")),
                decisions={kind: DecisionRule.of(kind, rule) for kind, rule in decisions.items()},
                seats={name: int(seats) for name, seats in pack.value("board_seats").items()},
                source={name: pack.rule(name).source for name in (*names, "assembly_decisions")},
            )
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"general assemblies are not configured for entity {entity}: {error}"
            ) from error
