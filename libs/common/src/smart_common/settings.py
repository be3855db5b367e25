"""Process settings read from the environment (prefix ``SMART_``); they fail fast on bad values."""

from __future__ import annotations

import base64
from datetime import date
from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_PERSONAL_DATA_KEY = "ZGV2ZWxvcG1lbnQtb25seS1rZXktY2hhbmdlLW1lLTA="


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class ServiceSettings(BaseSettings):
    """What every service process needs; services subclass it for their own settings."""

    model_config = SettingsConfigDict(env_prefix="SMART_", extra="ignore", frozen=True)

    environment: Environment = Environment.DEVELOPMENT
    service_name: str = "smart"
    entity: str = Field(default="BE", pattern=r"^[A-Z]{2}$")
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=0, le=65535)

    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", description="PLAINTEXT is for the embedded development broker only"
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = Field(
        default=None, description="The service's own principal (the broker's ACLs name it)"
    )
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = Field(
        default=None, description="The CA certificate the broker's is checked against (PEM)"
    )
    topic_prefix: str = Field(default="", pattern=r"^[a-z0-9._-]*$")
    topic_partitions: int = Field(
        default=3, ge=1, le=1000, description="Partitions of the topics this process creates"
    )
    topic_replication: int = Field(default=1, ge=1, le=10)
    consumer_max_attempts: int = Field(default=5, ge=1, le=100)
    consumer_retry_backoff_seconds: float = Field(default=0.5, ge=0)
    consumer_batch_size: int = Field(default=50, ge=1, le=1000)

    mongodb_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongodb_database: str = Field(default="smart", pattern=r"^[A-Za-z0-9_-]{1,60}$")
    # The embedded MongoDB-wire server runs one transaction at a time per server:
    # serialise transactions inside the process there; real MongoDB does not need it.
    serialize_transactions: bool = True
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    lease_seconds: float = Field(
        default=15.0,
        gt=0,
        description="How long a replica keeps background work (relay, workers) once silent",
    )

    outbox_retention_hours: float = Field(
        default=168,
        gt=0,
        description="How long a published event stays in the outbox for a replay: at least "
        "as long as the broker may lose records (its retention, a restart of a memory broker)",
    )
    inbox_retention_hours: float = Field(
        default=336,
        gt=0,
        description="How long a consumer remembers an event it handled; longer than the "
        "outbox retention and the broker's retention, so no redelivery or replay is handled "
        "twice",
    )
    idempotency_retention_hours: float = Field(
        default=72,
        gt=0,
        description="How long an Idempotency-Key's answer is kept for a client's retry",
    )
    erasure_sweep_seconds: float = Field(
        default=86400,
        gt=0,
        description="How often rows kept after a member's erasure are checked for the end of "
        "their retention period",
    )
    retention_sweep_seconds: float = Field(
        default=600, gt=0, description="How often expired bookkeeping is removed"
    )

    token_issuer: str = "smart-members"
    token_audience: str | None = Field(
        default=None, description="The deployment tokens are for (default: smart:<entity>)"
    )
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86400)
    token_signing_key: SecretStr | None = Field(
        default=None,
        description="Members only: the Ed25519 private key (PEM) access tokens are signed with",
    )
    token_previous_keys: str | None = Field(
        default=None,
        description="Members only: JWKS of the public keys of a rotation still accepted",
    )
    token_verification_keys: str | None = Field(
        default=None, description="JWKS of public keys tokens may be signed with"
    )
    jwks_url: str | None = Field(
        default=None, description="Members' /.well-known/jwks.json, fetched and cached"
    )
    jwks_cache_seconds: float = Field(default=300, gt=0)

    personal_data_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_PERSONAL_DATA_KEY),
        description="URL-safe base64 of 32 bytes: seals IBANs and national numbers at rest",
    )
    personal_data_previous_keys: list[SecretStr] = Field(
        default_factory=list,
        description="During a key rotation: the previous keys (JSON list), which still open "
        "what they sealed",
    )

    today: date | None = Field(
        default=None,
        description="Development only: run the clock from this date (rehearse a month in a minute)",
    )
    today_since: date | None = Field(
        default=None, description="The machine's date on which the clock showed `today`"
    )

    max_request_bytes: int = Field(
        default=2 * 1024 * 1024, ge=1024, description="The largest request body accepted (413)"
    )
    cors_allowed_origins: list[str] = Field(
        default_factory=list, description="Browser origins allowed to call (the portal's only)"
    )
    expose_docs: bool = Field(
        default=True, description="Serve /docs, /redoc and /openapi.json (off: not served)"
    )
    expose_metrics: bool = Field(default=True, description="Serve /metrics for Prometheus")

    otlp_endpoint: str | None = None
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _sasl_has_credentials(self) -> Self:
        if self.kafka_security_protocol.startswith("SASL") and not (
            self.kafka_sasl_username and self.kafka_sasl_password
        ):
            raise ValueError(
                "SMART_KAFKA_SASL_USERNAME and SMART_KAFKA_SASL_PASSWORD are required with "
                f"SMART_KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol}"
            )
        return self

    @model_validator(mode="after")
    def _personal_data_key_is_32_bytes(self) -> Self:
        for secret in (self.personal_data_key, *self.personal_data_previous_keys):
            try:
                key = base64.urlsafe_b64decode(secret.get_secret_value())
            except ValueError as error:
                raise ValueError("SMART_PERSONAL_DATA_KEY must be URL-safe base64") from error
            if len(key) != 32:
                raise ValueError("SMART_PERSONAL_DATA_KEY must encode exactly 32 bytes")
        return self

    @model_validator(mode="after")
    def _inbox_outlives_the_outbox(self) -> Self:
        if self.inbox_retention_hours <= self.outbox_retention_hours:
            raise ValueError(
                "SMART_INBOX_RETENTION_HOURS must exceed SMART_OUTBOX_RETENTION_HOURS: an event "
                "replayed from the outbox must still be known to its consumers"
            )
        return self

    @model_validator(mode="after")
    def _chosen_date_only_in_development(self) -> Self:
        if self.today is not None and self.environment is not Environment.DEVELOPMENT:
            raise ValueError("SMART_TODAY (a chosen date) is refused outside development")
        return self

    @model_validator(mode="after")
    def _refuse_development_defaults_in_production(self) -> Self:
        if self.environment is not Environment.DEVELOPMENT and not (
            self.token_signing_key or self.token_verification_keys or self.jwks_url
        ):
            raise ValueError(
                "outside development tokens need their keys: SMART_TOKEN_SIGNING_KEY "
                "(members) or SMART_JWKS_URL / SMART_TOKEN_VERIFICATION_KEYS"
            )
        if self.environment is Environment.PRODUCTION:
            if self.personal_data_key.get_secret_value() == DEVELOPMENT_PERSONAL_DATA_KEY:
                raise ValueError("SMART_PERSONAL_DATA_KEY must be set outside development")
        return self

    @property
    def audience(self) -> str:
        return self.token_audience or f"smart:{self.entity}"

    def topic(self, name: str) -> str:
        """The Kafka topic for a stream name, with this deployment's prefix."""
        return f"{self.topic_prefix}{name}"
