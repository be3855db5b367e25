"""Settings of the invoicing service: the issuing entity's identity and the delivery channel."""

from __future__ import annotations

from typing import Self

from pydantic import Field, SecretStr, model_validator

from smart_common.settings import Environment, ServiceSettings

DEVELOPMENT_QUOTE_LINK_KEY = "development-only-quote-link-key-change-me"


class InvoicingSettings(ServiceSettings):
    service_name: str = "invoicing"
    http_port: int = 8002
    mongodb_database: str = "invoicing"
    seller_name: str = "Smart Coop (development)"
    seller_vat_number: str = Field(default="BE0123456749", pattern=r"^[A-Z]{2}[0-9A-Z]{2,12}$")
    seller_street: str = "Rue de la Coopération 1"
    seller_postal_code: str = "1000"
    seller_city: str = "Bruxelles"
    seller_country: str = "BE"
    seller_iban: str = "BE71096123456769"
    seller_email: str = "invoices@smart.example"
    seller_region: str = Field(
        default="brussels",
        pattern=r"^[a-z_]{2,30}$",
        description="Region of the issuing seat, a plan of the entity's invoice_languages rule "
        "(Belgium: brussels, flanders, wallonia, german_speaking; France: france): it sets the "
        "invoices' legal language",
    )
    peppol_access_point_url: str = "http://127.0.0.1:8091"
    public_base_url: str = Field(
        default="http://127.0.0.1:8002",
        description="Where clients reach this service (the quote acceptance links)",
    )
    quote_validity_days: int = Field(
        default=30, ge=1, le=365, description="Assumption: how long a quote stays open"
    )
    quote_sendings_per_hour: int = Field(
        default=20, ge=1, le=1000, description="Quote e-mails a member may trigger per hour"
    )
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    mail_from: str = "invoices@smart.example"
    delivery_interval_seconds: float = Field(default=2.0, gt=0)
    delivery_max_attempts: int = Field(default=8, ge=1)
    quote_link_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_QUOTE_LINK_KEY),
        description="Signs the quote acceptance links (this service's alone, at least 32 "
        "characters outside development)",
    )

    @model_validator(mode="after")
    def _quote_link_key_outside_development(self) -> Self:
        key = self.quote_link_key.get_secret_value()
        if self.environment is Environment.PRODUCTION and (
            key == DEVELOPMENT_QUOTE_LINK_KEY or len(key) < 32
        ):
            raise ValueError("SMART_QUOTE_LINK_KEY must be set (32+ characters) in production")
        return self
