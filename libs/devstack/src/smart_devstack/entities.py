"""The settings that make a deployment one country entity's, for the embedded default.

Each entity runs its own services (members register only its members; invoicing issues in its
name; payroll declares as its employer). The identities below are development placeholders
with valid checksums, never a real company's."""

from __future__ import annotations

ENTITY_ENVIRONMENTS: dict[str, dict[str, str]] = {
    "BE": {"SMART_ENTITY": "BE"},
    "FR": {
        "SMART_ENTITY": "FR",
        "SMART_SELLER_NAME": "Smart France (development)",
        "SMART_SELLER_VAT_NUMBER": "FR44732829320",
        "SMART_SELLER_STREET": "1 rue de la Coopération",
        "SMART_SELLER_POSTAL_CODE": "75011",
        "SMART_SELLER_CITY": "Paris",
        "SMART_SELLER_COUNTRY": "FR",
        "SMART_SELLER_REGION": "france",
        "SMART_SELLER_IBAN": "FR7630006000011234567890189",
        "SMART_SELLER_EMAIL": "factures@smart.example",
        "SMART_MAIL_FROM": "factures@smart.example",
        "SMART_EMPLOYER_SIRET": "73282932000074",
        "SMART_EMPLOYER_NAME": "Smart France (development)",
        "SMART_EMPLOYER_STREET": "1 rue de la Coopération",
        "SMART_EMPLOYER_POSTAL_CODE": "75011",
        "SMART_EMPLOYER_CITY": "Paris",
        "SMART_EMPLOYER_COUNTRY": "FR",
        "SMART_SALARY_ACCOUNT_IBAN": "FR7630006000011234567890189",
        "SMART_SALARY_ACCOUNT_BIC": "AGRIFRPP",
    },
}


def entity_environment(entity: str) -> dict[str, str]:
    if entity not in ENTITY_ENVIRONMENTS:
        raise ValueError(
            f"no embedded settings for entity {entity} (known: {', '.join(ENTITY_ENVIRONMENTS)})"
        )
    return ENTITY_ENVIRONMENTS[entity]
