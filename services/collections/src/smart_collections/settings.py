"""Settings of the collections service."""

from __future__ import annotations

from pydantic import Field

from smart_common.settings import ServiceSettings


class CollectionsSettings(ServiceSettings):
    service_name: str = "collections"
    cooperative_name: str = "Smart Coop (development)"
    cooperative_street: str = "Rue de la Coopération 1"
    cooperative_postal_code: str = "1000"
    cooperative_city: str = "Bruxelles"
    cooperative_country: str = Field(default="BE", pattern=r"^[A-Z]{2}$")
    collection_account_iban: str = Field(
        default="BE71096123456769",
        description="The account clients pay into, refunds are paid from",
    )
    collection_account_bic: str = Field(default="GKCCBEBB", pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")
    http_port: int = 8004
    invoicing_url: str = Field(
        default="http://127.0.0.1:8002",
        description="The invoicing service, whose invoice PDFs and reminder letters go into a "
        "case file (fetched with the staff member's own token)",
    )
    mongodb_database: str = "collections"
    guarantee_interval_seconds: float = Field(
        default=300,
        gt=0,
        description="How often receivables are checked against their guarantee date",
    )
    reminder_interval_seconds: float = Field(
        default=86400,
        gt=0,
        description="How often the reminder run plans the day's reminders (daily)",
    )
    bank_statement_max_bytes: int = Field(
        default=100 * 1024 * 1024,
        ge=1024 * 1024,
        description="The largest bank statement file accepted (a camt.053 of 100,000 lines is "
        "about 72 MB); a larger one is refused with a 422",
    )
