"""The VAT engine decides from the rule pack's cases (Belgium, 2026)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from smart_common.rulepacks import default_rule_book
from smart_invoicing.domain.vat import ClientKind, ServiceNature, SupplyFacts, decide_vat

PACK = default_rule_book().pack("BE", date(2026, 11, 22))
B, C = ClientKind.BUSINESS, ClientKind.CONSUMER
N = ServiceNature


@pytest.mark.parametrize(
    ("kind", "country", "nature", "recognised", "place", "category", "rate", "mention"),
    [
        (B, "BE", N.GENERAL, False, None, "S", "0.21", None),
        (B, "BE", N.COPYRIGHT_LICENCE, False, None, "S", "0.06", "copyright_reduced_rate"),
        (B, "BE", N.ARTISTIC_PERFORMANCE, False, None, "E", "0", "exempt_artistic_performance"),
        (B, "BE", N.TRAINING, False, None, "S", "0.21", None),
        (B, "BE", N.TRAINING, True, None, "E", "0", "exempt_training"),
        (B, "FR", N.GENERAL, False, None, "AE", "0", "reverse_charge"),
        (B, "NL", N.COPYRIGHT_LICENCE, False, None, "AE", "0", "reverse_charge"),
        (B, "US", N.GENERAL, False, None, "O", "0", "outside_scope_b2b"),
        (C, "BE", N.GENERAL, False, None, "S", "0.21", None),
        (C, "FR", N.GENERAL, False, None, "S", "0.21", None),
        (C, "BE", N.ARTISTIC_PERFORMANCE, False, None, "S", "0.21", None),
        (
            C,
            "BE",
            N.ARTISTIC_PERFORMANCE,
            False,
            "FR",
            "O",
            "0",
            "outside_scope_performance_abroad",
        ),
        (C, "US", N.COPYRIGHT_LICENCE, False, None, "O", "0", "outside_scope_b2c_intellectual"),
        (C, "DE", N.COPYRIGHT_LICENCE, False, None, "S", "0.06", "copyright_reduced_rate"),
        (C, "BE", N.TRAINING, True, None, "E", "0", "exempt_training"),
    ],
)
def test_cases(kind, country, nature, recognised, place, category, rate, mention):
    decision = decide_vat(SupplyFacts("BE", kind, country, nature, recognised, place), PACK)
    assert (decision.category, decision.rate, decision.mention_key) == (
        category,
        Decimal(rate),
        mention,
    )
    if mention:
        assert all(decision.mention(language) for language in ("fr", "nl", "en", "de"))


def test_the_cases_are_dated_and_sourced():
    rule = PACK.rule("vat_cases")
    assert rule.valid_from == date(2026, 3, 1) and "44 §2" in rule.source
