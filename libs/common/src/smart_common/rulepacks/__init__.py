"""Dated entity rule packs: every rule that differs by country or changes over time, as data.

Each pack (``data/<entity>.toml``) is a list of rules; a rule has a name, the date from which it
applies, a value, its source, and ``verified = false`` when the source is secondary or the
value is an assumption. A job is computed with the rules in force on its own date.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any


class RuleNotConfigured(LookupError):
    """No value for this rule at this date: the entity has not configured it (never invented)."""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    valid_from: date
    value: Any
    source: str
    verified: bool


@dataclass(frozen=True, slots=True)
class RulePack:
    """The rules of one entity in force on one date."""

    entity: str
    on: date
    rules: dict[str, Rule]

    def rule(self, name: str) -> Rule:
        try:
            return self.rules[name]
        except KeyError:
            raise RuleNotConfigured(
                f"rule {name!r} is not configured for entity {self.entity} on {self.on}"
            ) from None

    def value(self, name: str) -> Any:
        return self.rule(name).value

    def decimal(self, name: str) -> Decimal:
        return Decimal(str(self.value(name)))

    def unset_parameters(self, name: str) -> list[str]:
        """The keys of a parameter rule still empty: an entity must set them before use."""
        return sorted(key for key, value in self.value(name).items() if value in ("", None))

    @property
    def version(self) -> str:
        """Identifies the rule set used: the entity and the latest start date in force."""
        latest = max(rule.valid_from for rule in self.rules.values())
        return f"{self.entity}-{latest.isoformat()}"

    def provenance(self, *names: str) -> dict[str, dict[str, Any]]:
        return {
            name: {
                "valid_from": self.rule(name).valid_from.isoformat(),
                "source": self.rule(name).source,
                "verified": self.rule(name).verified,
            }
            for name in names
        }


class RuleBook:
    """All packs, loaded once from the package data."""

    def __init__(self, rules_by_entity: dict[str, list[Rule]]):
        self._rules = {
            entity: sorted(rules, key=lambda rule: rule.valid_from)
            for entity, rules in rules_by_entity.items()
        }

    @property
    def entities(self) -> list[str]:
        return sorted(self._rules)

    def versions(self, name: str) -> list[tuple[str, Rule]]:
        """Every dated value of a rule, in every entity's pack."""
        return [
            (entity, rule)
            for entity, rules in sorted(self._rules.items())
            for rule in rules
            if rule.name == name
        ]

    def with_rules(self, entity: str, *rules: Rule) -> RuleBook:
        """This book with more rules for an entity (a deployment's own decision, a test's)."""
        return RuleBook({**self._rules, entity: [*self._rules.get(entity, []), *rules]})

    def change_dates(self, entity: str) -> list[date]:
        """Every date from which an entity's rules in force differ from the day before."""
        return sorted({rule.valid_from for rule in self._rules.get(entity, [])})

    def pack(self, entity: str, on: date) -> RulePack:
        if entity not in self._rules:
            raise RuleNotConfigured(f"no rule pack for entity {entity}")
        in_force: dict[str, Rule] = {}
        for rule in self._rules[entity]:
            if rule.valid_from <= on:
                in_force[rule.name] = rule
        return RulePack(entity=entity, on=on, rules=in_force)


class UnregisteredStrategy(RuntimeError):
    """A pack names a country strategy the service does not have."""


def check_strategies(book: RuleBook, registries: Mapping[str, Mapping[str, Any]]) -> None:
    """Refuse packs naming strategies nobody registered: ``registries`` maps a rule's name
    (``hiring_declaration``) to the strategies registered under the values it may take."""
    problems = [
        f"{entity} (from {rule.valid_from}): {name} = {rule.value!r} is not registered "
        f"(registered: {', '.join(sorted(registry))})"
        for name, registry in registries.items()
        for entity, rule in book.versions(name)
        if rule.value not in registry
    ]
    if problems:
        raise UnregisteredStrategy("; ".join(problems))


def parse_pack(text: str) -> tuple[str, list[Rule]]:
    document = tomllib.loads(text)
    entity = document["entity"]
    rules = []
    for entry in document.get("rule", []):
        missing = {"name", "valid_from", "value", "source", "verified"} - entry.keys()
        if missing:
            raise ValueError(f"rule {entry.get('name')!r} of {entity} lacks {sorted(missing)}")
        rules.append(
            Rule(
                name=entry["name"],
                valid_from=entry["valid_from"],
                value=entry["value"],
                source=entry["source"],
                verified=entry["verified"],
            )
        )
    return entity, rules


@cache
def default_rule_book() -> RuleBook:
    rules_by_entity: dict[str, list[Rule]] = {}
    for item in resources.files(__package__).joinpath("data").iterdir():
        if item.name.endswith(".toml"):
            entity, rules = parse_pack(item.read_text(encoding="utf-8"))
            rules_by_entity[entity] = rules
    return RuleBook(rules_by_entity)
