"""Settings of the members service."""

from __future__ import annotations

from datetime import timedelta
from typing import Self

from pydantic import Field, SecretStr, model_validator

from smart_common.settings import Environment
from smart_common.worker_identity import WorkerIdentitySettings
from smart_members.domain.throttling import ThrottlePolicy
from smart_members.watchdog import DEFAULT_STALLED_AFTER

DEVELOPMENT_ADMIN_EMAIL = "admin@example.org"
DEVELOPMENT_ADMIN_PASSWORD = "admin-change-me"
DEVELOPMENT_ACCOUNT_LINK_KEY = "development-only-account-link-key-change-me"


class MembersSettings(WorkerIdentitySettings):
    service_name: str = "members"
    http_port: int = 8001
    mongodb_database: str = "members"
    admin_email: str = DEVELOPMENT_ADMIN_EMAIL
    admin_password: SecretStr = SecretStr(DEVELOPMENT_ADMIN_PASSWORD)
    stalled_after: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_STALLED_AFTER),
        description="Seconds a job may stay in a status before the watchdog lists it (JSON)",
    )
    watchdog_interval_seconds: float = Field(default=60.0, gt=0)
    job_start_max_days_past: int = Field(
        default=30, ge=0, le=366, description="A job may start at most this many days ago"
    )
    job_start_max_days_ahead: int = Field(
        default=730, ge=1, le=3660, description="A job may start at most this many days ahead"
    )

    public_base_url: str = Field(
        default="http://127.0.0.1:8001",
        description="Where the links of account e-mails point (the portal, or this service)",
    )
    account_link_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_ACCOUNT_LINK_KEY),
        description="Signs e-mail verification and password reset links (32+ characters)",
    )
    email_verification_hours: int = Field(default=48, ge=1, le=720)
    password_reset_minutes: int = Field(default=30, ge=5, le=1440)
    account_mails_per_hour: int = Field(
        default=3, ge=1, le=100, description="E-mails of one kind a member may trigger per hour"
    )
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    mail_from: str = "accounts@smart.example"
    mail_interval_seconds: float = Field(default=2.0, gt=0)
    mail_max_attempts: int = Field(default=8, ge=1)
    refresh_token_ttl_seconds: int = Field(
        default=30 * 86400, ge=300, description="How long a login lasts without a new password"
    )
    trusted_proxies: frozenset[str] = Field(
        default=frozenset(),
        description="Addresses of the deployment's reverse proxies, whose X-Forwarded-For "
        "names the client (login throttling per address)",
    )
    login_free_failures_per_account: int = Field(
        default=5, ge=1, le=100, description="Failed logins of an account before any wait"
    )
    login_free_failures_per_address: int = Field(
        default=30, ge=1, le=10000, description="Failed logins from one address before any wait"
    )
    login_first_wait_seconds: float = Field(
        default=1, gt=0, le=3600, description="The wait after the free failures; it doubles"
    )
    login_longest_wait_seconds: float = Field(
        default=900, gt=0, le=86400, description="The longest wait imposed after failed logins"
    )
    login_failure_window_seconds: float = Field(
        default=3600, gt=0, description="Failed logins older than this are forgotten"
    )

    member_data_services: tuple[str, ...] = Field(
        default=("invoicing", "payroll", "collections", "governance", "activities"),
        description="The services of this deployment holding data about members: each adds "
        "its part to a member's data export and reports on its part of their erasure",
    )
    data_export_download_days: int = Field(
        default=7, ge=1, le=30, description="How long a ready export waits for its download"
    )
    data_export_stalled_hours: float = Field(
        default=24, gt=0, description="Past this, an export still missing parts goes to staff"
    )
    data_exports_per_day: int = Field(
        default=3, ge=1, le=20, description="Exports a member may ask for in 24 hours"
    )

    def login_throttling(self, free_failures: int) -> ThrottlePolicy:
        return ThrottlePolicy(
            free_failures=free_failures,
            first_wait=timedelta(seconds=self.login_first_wait_seconds),
            longest_wait=timedelta(seconds=self.login_longest_wait_seconds),
            window=timedelta(seconds=self.login_failure_window_seconds),
        )

    @model_validator(mode="after")
    def _refuse_default_admin_outside_development(self) -> Self:
        if self.environment is not Environment.DEVELOPMENT and (
            self.admin_password.get_secret_value() == DEVELOPMENT_ADMIN_PASSWORD
        ):
            raise ValueError(
                "SMART_ADMIN_PASSWORD must be changed from the development default "
                f"outside development (environment is {self.environment.value})"
            )
        link_key = self.account_link_key.get_secret_value()
        if self.environment is Environment.PRODUCTION and (
            link_key == DEVELOPMENT_ACCOUNT_LINK_KEY or len(link_key) < 32
        ):
            raise ValueError("SMART_ACCOUNT_LINK_KEY must be set (32+ characters) in production")
        if self.environment is Environment.PRODUCTION and self.token_signing_key is None:
            raise ValueError("SMART_TOKEN_SIGNING_KEY (Ed25519, PEM) must be set in production")
        if len(self.admin_password.get_secret_value()) < 12:
            raise ValueError("SMART_ADMIN_PASSWORD must have at least 12 characters")
        return self
