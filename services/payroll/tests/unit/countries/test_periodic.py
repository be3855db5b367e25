"""Periodic declaration files rebuilt from stored lines: the DSN of a month adds up."""

from __future__ import annotations

import pytest

from smart_payroll.countries.periodic import NoFileFormat, declaration_file
from smart_payroll.settings import PayrollSettings

SETTINGS = PayrollSettings(entity="FR")


def line(number: int, nir: str | None, gross: str, bonus: str, levy: str) -> dict:
    return {
        "_id": f"line-{number}",
        "payslip_id": f"slip-{number}",
        "worker": {
            "member_id": f"member-{number}",
            "ssin": nir,
            "first_name": "Léa",
            "last_name": "Martin",
            "category": "cdd",
        },
        "occupation": {"start_date": "2026-11-03", "end_date": "2026-11-05"},
        "remuneration": {
            "gross": gross,
            "taxable": "900.00",
            "net": "800.00",
            "end_of_contract_bonus": bonus,
            "paid_on": "2026-11-16",
        },
        "contributions": {"employee": "200.00", "employer": "300.00", "cdd_levy": levy},
    }


DECLARATION = {"kind": "dsn_monthly", "entity": "FR", "period": "2026-11"}


def as_stored(sealed: str, member_id: str) -> str:
    return sealed


def test_the_dsn_of_a_month_adds_up_and_is_stable():
    lines = [
        line(1, "295109912611193", "1000.00", "100.00", "11.00"),
        line(2, "185057800608436", "2000.00", "0.00", "20.00"),
    ]
    name, content = declaration_file(DECLARATION, lines, as_stored, SETTINGS)
    assert name == "dsn-FR-2026-11.txt"
    text = content.decode("latin-1")
    assert "S21.G00.06.001,'812345676'" in text  # SIREN of the SIRET
    assert text.count("S21.G00.30.001") == 2
    assert "gross=3000.00 bonus=100.00 net=1600.00" in text
    assert declaration_file(DECLARATION, lines, as_stored, SETTINGS)[1] == content


def test_a_dsn_without_a_workers_nir_is_refused():
    with pytest.raises(NoFileFormat, match="NIR"):
        declaration_file(
            DECLARATION,
            [line(1, None, "1000.00", "0.00", "10.00")],
            as_stored,
            SETTINGS,
        )
