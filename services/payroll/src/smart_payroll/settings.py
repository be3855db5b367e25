"""Settings of the payroll service."""

from __future__ import annotations

from pydantic import Field

from smart_common.worker_identity import WorkerIdentitySettings


class PayrollSettings(WorkerIdentitySettings):
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
    dpae_base_url: str = "http://127.0.0.1:8090/dpae/v1"
    employer_siret: str = Field(
        default="81234567600009",
        pattern=r"^\d{14}$",
        description="The French entity's SIRET (the DPAE employer id); a placeholder here",
    )
    employer_name: str = "Smart Coop (development)"
    employer_street: str = "Rue de la Coopération 1"
    employer_postal_code: str = "1000"
    employer_city: str = "Bruxelles"
    employer_country: str = Field(default="BE", pattern=r"^[A-Z]{2}$")
    salary_account_iban: str = Field(
        default="BE71096123456769", description="The account salaries are paid from"
    )
    salary_account_bic: str = Field(default="GKCCBEBB", pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")
    hiring_declaration_interval_seconds: float = Field(default=0.5, gt=0)
    submission_lease_seconds: float = Field(
        default=30.0,
        gt=0,
        description="How long a claimed hiring declaration is one process's; past it, another "
        "looks it up at the gateway and submits it only if it never arrived",
    )

    @property
    def employer_registration(self) -> str:
        """The employer's number on its documents: the SIRET in France, else the enterprise
        number (BCE/KBO)."""
        return self.employer_siret if self.entity == "FR" else self.employer_enterprise_number
