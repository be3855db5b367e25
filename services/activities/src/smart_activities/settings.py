"""Settings of the activities service."""

from __future__ import annotations

from pydantic import Field

from smart_common.settings import ServiceSettings


class ActivitiesSettings(ServiceSettings):
    service_name: str = "activities"
    http_port: int = 8006
    mongodb_database: str = "activities"
    cooperative_name: str = "Smart Coop (development)"
    cooperative_street: str = "Rue de la Coopération 1"
    cooperative_postal_code: str = "1000"
    cooperative_city: str = "Bruxelles"
    cooperative_country: str = Field(default="BE", pattern=r"^[A-Z]{2}$")
    financing_account_iban: str = Field(
        default="BE71096123456769", description="The account financing advances are paid from"
    )
    financing_account_bic: str = Field(default="GKCCBEBB", pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")
    late_repayments_seconds: float = Field(
        default=3600, gt=0, description="How often late instalments are put in the review queue"
    )
