"""Settings of the members service."""

from __future__ import annotations

from typing import Self

from pydantic import SecretStr, model_validator

from smart_common.settings import Environment, ServiceSettings

DEVELOPMENT_ADMIN_EMAIL = "admin@example.org"
DEVELOPMENT_ADMIN_PASSWORD = "admin-change-me"


class MembersSettings(ServiceSettings):
    service_name: str = "members"
    http_port: int = 8001
    mongodb_database: str = "members"
    admin_email: str = DEVELOPMENT_ADMIN_EMAIL
    admin_password: SecretStr = SecretStr(DEVELOPMENT_ADMIN_PASSWORD)

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
