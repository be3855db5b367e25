"""Settings of the payroll service."""

from __future__ import annotations

from pydantic import Field

from smart_common.settings import ServiceSettings


class PayrollSettings(ServiceSettings):
    service_name: str = "payroll"
    http_port: int = 8003
    mongodb_database: str = "payroll"
    employer_enterprise_number: str = Field(
        default="0123456749",
        pattern=r"^[01]\d{9}$",
        description="The cooperative's enterprise number (BCE/KBO), the Dimona employer id",
    )
    employer_joint_committee: str = Field(default="200", description="Joint committee number")
    dimona_base_url: str = "http://127.0.0.1:8090/dimona/v2"
    hiring_declaration_interval_seconds: float = Field(default=0.5, gt=0)
