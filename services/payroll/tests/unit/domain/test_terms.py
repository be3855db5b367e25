"""Payroll's published terms follow its packs: what members checks declarations against."""

from __future__ import annotations

import itertools
from datetime import date

from smart_common.rulepacks import default_rule_book
from smart_payroll.domain.terms import terms_versions

RULES = default_rule_book()


def in_force(entity: str, day: date):
    versions = [v for v in terms_versions(RULES, entity) if v.effective_from <= day]
    return {kind.contract_type: kind for kind in versions[-1].contract_types}


def test_a_version_is_published_only_when_the_terms_change():
    versions = terms_versions(RULES, "BE")
    assert len(versions) < len(RULES.change_dates("BE"))
    assert all(a.contract_types != b.contract_types for a, b in itertools.pairwise(versions))
    assert [v.effective_from for v in versions] == sorted(v.effective_from for v in versions)


def test_a_belgian_student_plans_hours_within_a_quarter_and_is_never_a_long_contract():
    student = in_force("BE", date(2026, 12, 1))["student"]
    assert student.payable and student.needs_planned_hours and student.within_one_quarter
    assert not student.long_contract
    employee = in_force("BE", date(2026, 12, 1))["employee"]
    assert employee.long_contract and not employee.needs_planned_hours


def test_a_contract_type_whose_rates_are_missing_says_which():
    kinds = {
        kind.contract_type: kind
        for version in terms_versions(RULES, "BE")
        for kind in version.contract_types
        if not kind.payable
    }
    assert kinds, "the Belgian pack has a contract type payable only from a later date"
    assert all("not configured" in (kind.why_not or "") for kind in kinds.values())


def test_an_open_ended_contract_has_no_longest_duration_and_france_has_no_monthly_smoothing():
    french = in_force("FR", date(2026, 12, 1))
    assert french["cdi"].longest_days is None and french["cdi"].longest_configured
    assert not any(kind.long_contract for kind in french.values())


def test_an_entity_without_contract_types_publishes_empty_terms():
    [italy] = terms_versions(RULES, "IT")
    assert italy.contract_types == []
