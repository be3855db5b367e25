"""The DmfA file adds up and is rebuilt identically from the same lines."""

from __future__ import annotations

import random
from decimal import Decimal

from lxml import etree

from smart_payroll.documents.dmfa import NAMESPACE, DeclarationLine, render_dmfa

NS = {"d": NAMESPACE}


def line(index: int, ssin: str | None, gross: str, category: str = "495") -> DeclarationLine:
    gross_amount = Decimal(gross)
    return DeclarationLine(
        line_id=f"line-{index:03d}",
        ssin=ssin,
        member_id=f"member-{index}",
        worker_category=category,
        joint_committee="200",
        start_date=f"2026-10-{index % 28 + 1:02d}",
        end_date=f"2026-10-{index % 28 + 1:02d}",
        days=1,
        occupation_code="3435",
        gross=gross_amount,
        employee_contribution=(gross_amount * Decimal("0.1307")).quantize(Decimal("0.01")),
        employer_contribution=(gross_amount * Decimal("0.25")).quantize(Decimal("0.01")),
        work_bonus=Decimal("12.34"),
    )


LINES = [
    line(1, "85073003328", "1000.00"),
    line(2, "85073003328", "250.55"),
    line(3, "93051822361", "999.99", "840"),
    line(4, None, "10.01"),
]


def test_totals_are_the_sums_of_the_occupations():
    tree = etree.fromstring(render_dmfa("0123456749", "2026-Q4", LINES))
    for total, field in (
        ("Gross", "Remuneration/d:Gross"),
        ("WorkerContributions", "Contributions/d:Worker"),
    ):
        lines = sum(
            Decimal(value)
            for value in tree.xpath(f"//d:Occupation/d:{field}/text()", namespaces=NS)
        )
        assert Decimal(tree.xpath(f"string(//d:Totals/d:{total})", namespaces=NS)) == lines
    assert tree.xpath("string(//d:Totals/d:Lines)", namespaces=NS) == "4"
    assert tree.xpath("string(//d:Quarter)", namespaces=NS) == "20264"
    people = tree.xpath("//d:NaturalPerson", namespaces=NS)
    assert len(people) == 3  # one natural person per NISS, the unidentified worker apart
    first = people[0]
    assert first.xpath("string(d:INSS)", namespaces=NS) == "85073003328"
    assert len(first.xpath(".//d:Occupation", namespaces=NS)) == 2


def test_the_same_lines_give_the_same_bytes():
    shuffled = LINES[:]
    random.Random(7).shuffle(shuffled)
    assert render_dmfa("0123456749", "2026-Q4", shuffled) == render_dmfa(
        "0123456749", "2026-Q4", LINES
    )
