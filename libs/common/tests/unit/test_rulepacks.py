from datetime import date
from decimal import Decimal

import pytest

from smart_common.rulepacks import (
    Rule,
    RuleBook,
    RuleNotConfigured,
    UnregisteredStrategy,
    check_strategies,
    default_rule_book,
    parse_pack,
)

BOOK = default_rule_book()


def test_every_entity_of_the_cooperative_has_a_pack():
    assert set(BOOK.entities) >= {"BE", "FR", "IT", "DE", "ES", "SE", "NL", "AT", "HU"}


def test_rules_are_dated_and_pick_the_version_in_force():
    assert BOOK.pack("BE", date(2026, 8, 31)).value("work_bonus")["a"]["zero_at"] == "3336.98"
    assert BOOK.pack("BE", date(2026, 9, 1)).value("work_bonus")["a"]["zero_at"] == "3403.62"
    assert BOOK.pack("BE", date(2026, 9, 1)).version == "BE-2026-09-01"


def test_belgian_pack_carries_the_saga_parameters_with_sources():
    pack = BOOK.pack("BE", date(2026, 12, 1))
    assert str(pack.decimal("contribution_rate")) == "0.065"
    assert str(pack.decimal("employee_contribution_rate")) == "0.1307"
    for rule in pack.rules.values():
        assert rule.source.strip()
    assert pack.rule("employee_multiplier").verified is False


def test_missing_rates_are_never_invented():
    with pytest.raises(RuleNotConfigured):
        BOOK.pack("SE", date(2026, 12, 1)).value("employee_contribution_rate")
    with pytest.raises(RuleNotConfigured):
        BOOK.pack("IT", date(2026, 12, 1)).value("contract_types")


def test_french_figures_not_in_the_reference_are_marked():
    """The French contribution is derived from the 2018 accounts; the salary rule is assumed."""
    pack = BOOK.pack("FR", date(2026, 12, 1))
    assert pack.decimal("contribution_rate") == Decimal("0.082")
    for name in ("contribution_rate", "salary_guarantee", "working_hours_per_day", "vat_cases"):
        assert pack.rule(name).verified is False, name
    assert "derived" in pack.rule("contribution_rate").source


def test_a_rule_without_source_is_refused():
    with pytest.raises(ValueError):
        parse_pack('entity = "XX"\n[[rule]]\nname = "a"\nvalid_from = 2020-01-01\nvalue = 1\n')


def test_a_pack_naming_an_unregistered_strategy_is_refused_with_what_it_names():
    book = RuleBook(
        {
            "XX": [
                Rule("hiring_declaration", date(2026, 1, 1), "dimona", "a test pack", False),
                Rule("hiring_declaration", date(2027, 1, 1), "telepathy", "a test pack", False),
            ]
        }
    )
    registries = {"hiring_declaration": {"dimona": object()}}
    with pytest.raises(UnregisteredStrategy, match=r"XX \(from 2027-01-01\).*'telepathy'"):
        check_strategies(book, registries)
    check_strategies(RuleBook({"XX": book.versions("hiring_declaration")[0][1:]}), registries)
