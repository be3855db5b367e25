"""What payroll can pay under a pack: the terms it publishes for members to check
declarations against (members never reads payroll's rules)."""

from __future__ import annotations

from typing import Any

from smart_common.events.payroll import ContractTypeTerms, PayrollTermsPublished
from smart_common.rulepacks import RuleBook, RuleNotConfigured, RulePack
from smart_payroll.countries.payslips import smoothing_method

RATES = ("work_bonus", "multiplier", "employee_rate", "employer_rate")
"""The rules a contract type names for its pay, each of which must be in force."""


def terms_versions(rules: RuleBook, entity: str) -> list[PayrollTermsPublished]:
    """The entity's terms from each date they change (consecutive equal ones merged)."""
    versions: list[PayrollTermsPublished] = []
    for day in rules.change_dates(entity):
        terms = contract_type_terms(rules.pack(entity, day))
        if not versions or versions[-1].contract_types != terms:
            versions.append(
                PayrollTermsPublished(entity=entity, effective_from=day, contract_types=terms)
            )
    return versions


def contract_type_terms(pack: RulePack) -> list[ContractTypeTerms]:
    """Each contract type of the pack, payable or not (and why), in name order."""
    if "contract_types" not in pack.rules:
        return []
    try:
        smoothing_method(pack)
        smooths = True
    except RuleNotConfigured:
        smooths = False
    longest = pack.rules["job_max_days"].value if "job_max_days" in pack.rules else {}
    return [
        _terms(pack, name, kind, longest.get(name), smooths)
        for name, kind in sorted(pack.value("contract_types").items())
    ]


def _terms(
    pack: RulePack, name: str, kind: dict[str, Any], longest: Any, smooths: bool
) -> ContractTypeTerms:
    capped = "annual_hours_cap" in kind
    return ContractTypeTerms(
        contract_type=name,
        payable=(why_not := _why_not_payable(pack, name, kind)) is None,
        why_not=why_not,
        longest_days=None if longest in (None, "open-ended") else int(longest),
        longest_configured=longest is not None,
        needs_planned_hours=capped,
        within_one_quarter=kind.get("dimona_worker_type") == "STU",
        long_contract=smooths and not capped,
    )


def _why_not_payable(pack: RulePack, name: str, kind: dict[str, Any]) -> str | None:
    if parameters := kind.get("specific_contributions"):
        unset = pack.unset_parameters(parameters) if parameters in pack.rules else ["all"]
        if unset:
            return (
                f"{name} contracts need rates entity {pack.entity} has not configured "
                f"({parameters}: {', '.join(unset)})"
            )
    for key in RATES:
        rule = kind.get(key)
        if rule and rule not in pack.rules:
            return (
                f"{name} contracts cannot be paid under entity {pack.entity}'s rules "
                f"({rule} not configured)"
            )
    return None
