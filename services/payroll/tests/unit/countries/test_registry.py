"""Every strategy a rule pack names is registered: adding a country is its pack and the
strategies it names, and a name nobody registered stops the service before it runs."""

from __future__ import annotations

from datetime import date

import pytest

from smart_common.rulepacks import (
    Rule,
    RuleBook,
    UnregisteredStrategy,
    check_strategies,
    default_rule_book,
)
from smart_payroll.countries.registry import STRATEGIES


def test_every_pack_names_registered_payroll_strategies() -> None:
    check_strategies(default_rule_book(), STRATEGIES)


@pytest.mark.parametrize("rule", sorted(STRATEGIES))
def test_a_pack_naming_an_unregistered_strategy_is_refused(rule: str) -> None:
    book = RuleBook(
        {"XX": [Rule(rule, date(2027, 1, 1), "telepathy", "a test pack", verified=False)]}
    )
    with pytest.raises(UnregisteredStrategy, match=f"XX .*{rule} = 'telepathy'"):
        check_strategies(book, STRATEGIES)


def test_the_packs_name_each_payroll_strategy_somewhere() -> None:
    """A strategy no pack names is dead code (or a pack lost its rule)."""
    book = default_rule_book()
    for rule, registry in STRATEGIES.items():
        named = {version.value for _, version in book.versions(rule)}
        assert named == set(registry), rule
