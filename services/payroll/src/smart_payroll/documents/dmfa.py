"""The quarterly DmfA of an employer as a file, block by block as the DmfA instructions order
them: employer declaration → natural person (identified once by NISS) → worker line
(contribution category) → occupation lines (joint committee, dates, days) → remuneration →
contributions and reductions. Totals are computed from the lines, so the file adds up; the same
lines always give the same bytes (no clock, lines in a fixed order).

It is the content of the declaration; the channel (web application or signed batch transfer)
and the official XML envelope remain to be connected.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

NAMESPACE = "urn:smart:payroll:dmfa:1"


@dataclass(frozen=True, slots=True)
class DeclarationLine:
    line_id: str
    ssin: str | None
    member_id: str
    worker_category: str
    joint_committee: str
    start_date: str
    end_date: str
    days: int
    occupation_code: str
    gross: Decimal
    employee_contribution: Decimal
    employer_contribution: Decimal
    work_bonus: Decimal


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    element.text = text
    return element


def _node(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def totals(lines: list[DeclarationLine]) -> dict[str, Decimal]:
    return {
        "gross": sum((line.gross for line in lines), Decimal("0")),
        "employee_contribution": sum((line.employee_contribution for line in lines), Decimal("0")),
        "employer_contribution": sum((line.employer_contribution for line in lines), Decimal("0")),
        "work_bonus": sum((line.work_bonus for line in lines), Decimal("0")),
    }


def render_dmfa(enterprise_number: str, quarter: str, lines: list[DeclarationLine]) -> bytes:
    """``quarter`` as ``2026-Q4``."""
    root = etree.Element(f"{{{NAMESPACE}}}DmfA", nsmap={None: NAMESPACE})
    employer = _node(root, "EmployerDeclaration")
    _text(employer, "Quarter", quarter.replace("-Q", ""))
    _text(employer, "CompanyID", enterprise_number)
    people: dict[str, list[DeclarationLine]] = defaultdict(list)
    for line in lines:
        people[line.ssin or f"member:{line.member_id}"].append(line)
    for person_key in sorted(people):
        person_lines = sorted(people[person_key], key=lambda line: (line.start_date, line.line_id))
        person = _node(employer, "NaturalPerson")
        if person_key.startswith("member:"):
            _text(person, "WorkerReference", person_key.removeprefix("member:"))
        else:
            _text(person, "INSS", person_key)
        categories: dict[str, list[DeclarationLine]] = defaultdict(list)
        for line in person_lines:
            categories[line.worker_category].append(line)
        for category in sorted(categories):
            worker = _node(person, "Worker")
            _text(worker, "WorkerCategory", category)
            for line in categories[category]:
                occupation = _node(worker, "Occupation", reference=line.line_id)
                _text(occupation, "JointCommitteeNbr", line.joint_committee)
                _text(occupation, "OccupationStartingDate", line.start_date)
                _text(occupation, "OccupationEndingDate", line.end_date)
                _text(occupation, "DaysWorked", str(line.days))
                _text(occupation, "OccupationCode", line.occupation_code)
                remuneration = _node(occupation, "Remuneration")
                _text(remuneration, "Gross", _amount(line.gross))
                contributions = _node(occupation, "Contributions")
                _text(contributions, "Worker", _amount(line.employee_contribution))
                _text(contributions, "Employer", _amount(line.employer_contribution))
                _text(contributions, "WorkBonusReduction", _amount(line.work_bonus))
    summary = totals(lines)
    total = _node(employer, "Totals")
    _text(total, "Lines", str(len(lines)))
    _text(total, "Gross", _amount(summary["gross"]))
    _text(total, "WorkerContributions", _amount(summary["employee_contribution"]))
    _text(total, "EmployerContributions", _amount(summary["employer_contribution"]))
    _text(total, "WorkBonusReductions", _amount(summary["work_bonus"]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
