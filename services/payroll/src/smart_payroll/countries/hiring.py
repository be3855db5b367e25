"""Hiring-declaration schemes: how the worker's hiring is declared before the work starts.

- ``dimona``: Belgium's immediate declaration of employment (Royal Decree of 5 November 2002
  instituting the immediate declaration of employment), made at the latest when the work
  starts — submitted at once.
- ``dpae``: France's déclaration préalable à l'embauche (Code du travail, art. L1221-10 and
  R1221-5), made within the 8 days before hiring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from smart_common.rulepacks import RuleNotConfigured
from smart_payroll.adapters.dimona import dimona_in_body
from smart_payroll.adapters.dpae import dpae_body
from smart_payroll.domain.hiring_declarations import new_declaration
from smart_payroll.settings import PayrollSettings

DPAE_WINDOW_DAYS = 8
"""Code du travail, art. R1221-5: the DPAE is made at most 8 days before hiring."""


@dataclass(frozen=True, slots=True)
class Hire:
    """What a hiring declaration says of the worker and the work."""

    first_name: str
    last_name: str
    sealed_ssin: str | None
    start_date: date
    end_date: date
    contract_type: str
    worker_type: str | None = None
    planned_hours: int | None = None


class HiringScheme(Protocol):
    gateway: str
    """The gateway that files it (its cancellations and updates go the same way)."""

    def body(self, hire: Hire, settings: PayrollSettings) -> dict[str, Any]: ...

    def earliest_submission(self, start_date: date, now: datetime) -> datetime: ...


class Dimona:
    gateway = "dimona"

    def body(self, hire: Hire, settings: PayrollSettings) -> dict[str, Any]:
        if hire.worker_type is None:
            raise RuleNotConfigured(
                f"dimona_worker_type is not configured for {hire.contract_type} contracts"
            )
        return dimona_in_body(
            enterprise_number=settings.employer_enterprise_number,
            joint_committee=settings.employer_joint_committee,
            ssin=hire.sealed_ssin,
            first_name=hire.first_name,
            last_name=hire.last_name,
            start_date=hire.start_date.isoformat(),
            end_date=hire.end_date.isoformat(),
            worker_type=hire.worker_type,
            planned_hours=hire.planned_hours,
        )

    def earliest_submission(self, start_date: date, now: datetime) -> datetime:
        return now


class Dpae:
    gateway = "dpae"

    def body(self, hire: Hire, settings: PayrollSettings) -> dict[str, Any]:
        return dpae_body(
            siret=settings.employer_siret,
            first_name=hire.first_name,
            last_name=hire.last_name,
            hiring_date=hire.start_date.isoformat(),
            end_date=hire.end_date.isoformat(),
            contract_type=hire.contract_type,
        )

    def earliest_submission(self, start_date: date, now: datetime) -> datetime:
        earliest = start_date - timedelta(days=DPAE_WINDOW_DAYS)
        return datetime(earliest.year, earliest.month, earliest.day, tzinfo=UTC)


HIRING_SCHEMES: dict[str, HiringScheme] = {"dimona": Dimona(), "dpae": Dpae()}


def hiring_declaration(
    name: str, hire: Hire, about: dict[str, Any], settings: PayrollSettings, now: datetime
) -> dict[str, Any]:
    """The hiring declaration of the contract ``about`` names, under the scheme ``name``."""
    scheme = hiring_scheme(name)
    return new_declaration(
        name,
        about=about,
        body=scheme.body(hire, settings),
        now=now,
        submit_after=scheme.earliest_submission(hire.start_date, now),
    )


def hiring_scheme(name: str) -> HiringScheme:
    try:
        return HIRING_SCHEMES[name]
    except KeyError:
        raise RuleNotConfigured(f"no hiring-declaration scheme {name!r} is registered") from None
