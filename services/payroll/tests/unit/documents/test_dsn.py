"""The monthly DSN adds up and is rebuilt identically from the same payslips."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from smart_common.rulepacks import default_rule_book
from smart_payroll.documents.dsn import Employer, FrenchPayslipLine, render_dsn
from smart_payroll.domain.french_payslip import french_salaries

MONTH = date(2026, 11, 1)
EMPLOYER = Employer("732829320", "00074", "SmartFr", "1 rue de Paris", "75001", "Paris")


def lines() -> list[FrenchPayslipLine]:
    workers = [
        ("185057800608436", "Martin", "Léa", Decimal("2000.00"), "cdd", True),
        ("185057800608436", "Martin", "Léa", Decimal("1500.00"), "cdd", False),
        ("290017500012345", "Durand", "Paul", Decimal("3200.00"), "cdi", False),
    ]
    figures = french_salaries(
        [(gross, kind, bonus) for *_, gross, kind, bonus in workers],
        MONTH,
        default_rule_book().pack("FR", MONTH),
    )
    return [
        FrenchPayslipLine(
            payslip_id=f"slip-{index}",
            nir=nir,
            last_name=last,
            first_names=first,
            contract_type=kind,
            contract_start=date(2026, 11, 3 + index),
            contract_end=date(2026, 11, 20) if kind == "cdd" else None,
            paid_on=date(2026, 11, 30),
            gross=salary.gross,
            end_of_contract_bonus=salary.end_of_contract_bonus,
            taxable=salary.taxable,
            net=salary.net,
            employee_contributions=salary.employee_social_contribution,
            employer_contributions=salary.employer_social_contribution,
            cdd_levy=salary.cdd_levy,
        )
        for index, ((nir, last, first, _, kind, _), salary) in enumerate(
            zip(workers, figures, strict=True)
        )
    ]


def rubrics(content: bytes) -> list[tuple[str, str]]:
    rows = []
    for line in content.decode("latin-1").splitlines():
        if line.startswith("S"):
            rubric, value = line.split(",", 1)
            rows.append((rubric, value.strip("'")))
    return rows


def test_blocks_in_order_and_sums_that_match_the_payslips():
    declared = lines()
    rows = rubrics(render_dsn(EMPLOYER, MONTH, declared))
    blocks = [rubric[:3] for rubric, _ in rows]
    assert blocks == sorted(blocks, key=["S10", "S20", "S21", "S90"].index)
    values = lambda code: [Decimal(v) for r, v in rows if r == code]  # noqa: E731
    assert sum(values("S21.G00.51.013")) == sum(line.gross for line in declared)
    assert sum(values("S21.G00.50.004")) == sum(line.net for line in declared)
    assert sum(values("S21.G00.52.002")) == sum(line.end_of_contract_bonus for line in declared)
    assert sum(values("S21.G00.81.004")) == sum(line.cdd_levy for line in declared)
    assert dict(rows)["S90.G00.90.001"] == str(len(rows))
    assert dict(rows)["S90.G00.90.002"] == "2"  # two individuals, one with two contracts
    assert dict(rows)["S20.G00.05.005"] == "01112026"
    assert [v for r, v in rows if r == "S21.G00.40.007"].count("02") == 2


def test_the_same_payslips_give_the_same_bytes():
    declared = lines()
    shuffled = declared[:]
    random.Random(3).shuffle(shuffled)
    assert render_dsn(EMPLOYER, MONTH, shuffled) == render_dsn(EMPLOYER, MONTH, declared)
