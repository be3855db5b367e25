"""The terms payroll publishes for an entity (from its packs), as the stack and tests that run
members without payroll expect them."""

from __future__ import annotations

from smart_common.events.payroll import PayrollTermsPublished
from smart_common.rulepacks import default_rule_book


def payroll_terms_versions(entity: str) -> list[PayrollTermsPublished]:
    from smart_payroll.domain.terms import terms_versions  # payroll owns its terms

    return terms_versions(default_rule_book(), entity)
