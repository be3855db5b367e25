"""Every strategy a rule pack names is registered, and every registered one is named: adding a
country is its pack and the strategies it names."""

from __future__ import annotations

from smart_common.rulepacks import check_strategies, default_rule_book
from smart_invoicing.countries.registry import STRATEGIES


def test_the_packs_and_the_registered_strategies_match() -> None:
    book = default_rule_book()
    check_strategies(book, STRATEGIES)  # raises for a name nobody registered
    named = {rule: {version.value for _, version in book.versions(rule)} for rule in STRATEGIES}
    assert named == {rule: set(registry) for rule, registry in STRATEGIES.items()}
