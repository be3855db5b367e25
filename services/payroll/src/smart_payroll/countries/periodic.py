"""Periodic-declaration schemes: how the period's social declaration of the payslips is
grouped and written, named by the pack's ``periodic_declaration``.

- ``dmfa_quarterly``: Belgium's DmfA, the employer's quarterly multifunctional declaration to
  the ONSS/RSZ (socialsecurity.be), one quarter per file.
- ``dsn_monthly``: France's déclaration sociale nominative (Code de la sécurité sociale, art.
  L133-5-3), one month per file.

The files are rebuilt from the stored lines: the same lines always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from smart_common.rulepacks import RuleNotConfigured
from smart_payroll.documents.dmfa import DeclarationLine, render_dmfa
from smart_payroll.documents.dsn import Employer, FrenchPayslipLine, render_dsn
from smart_payroll.domain.periods import month_of, quarter_of
from smart_payroll.settings import PayrollSettings

WORKER_CATEGORIES = {"employee": "495", "artistic": "495", "student": "840"}
"""DmfA worker codes by contract type (495 white-collar, 840 student): from the DmfA glossary
(socialsecurity.be); to verify."""

type OpenNumber = Callable[[str | None, str], str | None]
"""Unseals a worker's stored national number (bound to their member id)."""


class NoFileFormat(LookupError):
    """A declaration this service cannot write as a file."""


class PeriodicScheme(Protocol):
    def period_of(self, day: date) -> str:
        """The period a payslip paying work up to ``day`` is declared in."""
        ...

    def file(
        self,
        declaration: dict[str, Any],
        lines: list[dict[str, Any]],
        open_number: OpenNumber,
        settings: PayrollSettings,
    ) -> tuple[str, bytes]:
        """(file name, bytes) of the period's declaration."""
        ...


class Dmfa:
    def period_of(self, day: date) -> str:
        return quarter_of(day)

    def file(
        self,
        declaration: dict[str, Any],
        lines: list[dict[str, Any]],
        open_number: OpenNumber,
        settings: PayrollSettings,
    ) -> tuple[str, bytes]:
        entity, period = declaration["entity"], declaration["period"]
        return f"dmfa-{entity}-{period}.xml", _dmfa(period, lines, open_number, settings)


class Dsn:
    def period_of(self, day: date) -> str:
        return month_of(day)

    def file(
        self,
        declaration: dict[str, Any],
        lines: list[dict[str, Any]],
        open_number: OpenNumber,
        settings: PayrollSettings,
    ) -> tuple[str, bytes]:
        entity, period = declaration["entity"], declaration["period"]
        return f"dsn-{entity}-{period}.txt", _dsn(period, lines, open_number, settings)


PERIODIC_SCHEMES: dict[str, PeriodicScheme] = {"dmfa_quarterly": Dmfa(), "dsn_monthly": Dsn()}


def periodic_scheme(name: str) -> PeriodicScheme:
    try:
        return PERIODIC_SCHEMES[name]
    except KeyError:
        raise RuleNotConfigured(f"no periodic-declaration scheme {name!r} is registered") from None


def declaration_file(
    declaration: dict[str, Any],
    lines: list[dict[str, Any]],
    open_number: OpenNumber,
    settings: PayrollSettings,
) -> tuple[str, bytes]:
    """(file name, bytes) of a periodic declaration; ``open_number`` unseals a worker's number."""
    scheme = PERIODIC_SCHEMES.get(declaration["kind"])
    if scheme is None:
        raise NoFileFormat(f"no file format for {declaration['kind']} yet")
    return scheme.file(declaration, lines, open_number, settings)


def _dmfa(
    quarter: str,
    stored: list[dict[str, Any]],
    open_number: OpenNumber,
    settings: PayrollSettings,
) -> bytes:
    lines = [
        DeclarationLine(
            line_id=line["_id"],
            ssin=open_number(line["worker"]["ssin"], line["worker"]["member_id"]),
            member_id=line["worker"]["member_id"],
            worker_category=WORKER_CATEGORIES.get(line["worker"]["category"], "495"),
            joint_committee=line["occupation"]["joint_committee"],
            start_date=line["occupation"]["start_date"],
            end_date=line["occupation"]["end_date"],
            days=line["occupation"]["days"],
            occupation_code=line["occupation"]["occupation_code"],
            gross=Decimal(line["remuneration"]["gross"]),
            employee_contribution=Decimal(line["contributions"]["employee"]),
            employer_contribution=Decimal(line["contributions"]["employer"]),
            work_bonus=Decimal(line["contributions"]["work_bonus"]),
        )
        for line in stored
    ]
    return render_dmfa(settings.employer_enterprise_number, quarter, lines)


def _dsn(
    month: str,
    stored: list[dict[str, Any]],
    open_number: OpenNumber,
    settings: PayrollSettings,
) -> bytes:
    missing = [line["worker"]["member_id"] for line in stored if not line["worker"]["ssin"]]
    if missing:
        raise NoFileFormat(
            f"a DSN names every worker by NIR: none known for member(s) {', '.join(missing)}"
        )
    lines = [
        FrenchPayslipLine(
            payslip_id=line["payslip_id"],
            nir=open_number(line["worker"]["ssin"], line["worker"]["member_id"]) or "",
            last_name=line["worker"]["last_name"],
            first_names=line["worker"]["first_name"],
            contract_type=line["worker"]["category"],
            contract_start=date.fromisoformat(line["occupation"]["start_date"]),
            contract_end=date.fromisoformat(line["occupation"]["end_date"]),
            paid_on=date.fromisoformat(line["remuneration"]["paid_on"]),
            gross=Decimal(line["remuneration"]["gross"]),
            end_of_contract_bonus=Decimal(line["remuneration"]["end_of_contract_bonus"]),
            taxable=Decimal(line["remuneration"]["taxable"]),
            net=Decimal(line["remuneration"]["net"]),
            employee_contributions=Decimal(line["contributions"]["employee"]),
            employer_contributions=Decimal(line["contributions"]["employer"]),
            cdd_levy=Decimal(line["contributions"]["cdd_levy"]),
        )
        for line in stored
    ]
    employer = Employer(
        siren=settings.employer_siret[:9],
        nic=settings.employer_siret[9:],
        name=settings.employer_name,
        street=settings.employer_street,
        postal_code=settings.employer_postal_code,
        city=settings.employer_city,
    )
    return render_dsn(employer, date.fromisoformat(f"{month}-01"), lines)
