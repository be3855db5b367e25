"""Settings of the members service."""

from __future__ import annotations

from typing import Self

from pydantic import Field, SecretStr, model_validator

from smart_common.settings import Environment
from smart_common.worker_identity import WorkerIdentitySettings
from smart_members.watchdog import DEFAULT_STALLED_AFTER

DEVELOPMENT_ADMIN_EMAIL = "admin@example.org"
DEVELOPMENT_ADMIN_PASSWORD = "admin-change-me"


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

    @model_validator(mode="after")
    def _refuse_default_admin_outside_development(self) -> Self:
        if self.environment is not Environment.DEVELOPMENT and (
            self.admin_password.get_secret_value() == DEVELOPMENT_ADMIN_PASSWORD
        ):
            raise ValueError(
                "SMART_ADMIN_PASSWORD must be changed from the development default "
                f"outside development (environment is {self.environment.value})"
            )
        if len(self.admin_password.get_secret_value()) < 12:
            raise ValueError("SMART_ADMIN_PASSWORD must have at least 12 characters")
        return self
