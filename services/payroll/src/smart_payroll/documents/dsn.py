"""The monthly French DSN as a file: blocks S10 (sending), S20 (the declaration: nature 01,
monthly), S21 (company .06, establishment .11, then per individual .30, contract .40, payment
.50, remuneration .51, bonus .52, contribution bases .78 and individual contributions .81), and
the S90 totals. One ``rubric,'value'`` line each, as the DSN norm writes them.

Amounts come from the payslips; the totals are computed from the lines, so the file adds up;
the same payslips always give the same bytes. Rubric codes and code lists (contract natures,
base and contribution codes) follow the DSN technical specification (net-entreprises.fr): to
verify against its current version before filing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CONTRACT_NATURE = {"cdi": "01", "cdd": "02", "cddu": "02"}
"""S21.G00.40.007: a CDD d'usage is a fixed-term contract of private law (02); to verify."""
BONUS_TYPE_END_OF_CONTRACT = "025"
BASE_GROSS_UNCAPPED = "03"
CONTRIBUTION_CDD_LEVY = "059"


@dataclass(frozen=True, slots=True)
class FrenchPayslipLine:
    payslip_id: str
    nir: str
    last_name: str
    first_names: str
    contract_type: str  # cdd | cdi
    contract_start: date
    contract_end: date | None
    paid_on: date
    gross: Decimal
    end_of_contract_bonus: Decimal
    taxable: Decimal
    net: Decimal
    employee_contributions: Decimal
    employer_contributions: Decimal
    cdd_levy: Decimal


@dataclass(frozen=True, slots=True)
class Employer:
    siren: str
    nic: str
    name: str
    street: str
    postal_code: str
    city: str


def _ddmmyyyy(day: date) -> str:
    return day.strftime("%d%m%Y")


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def totals(lines: list[FrenchPayslipLine]) -> dict[str, Decimal]:
    def total(name: str) -> Decimal:
        return sum((getattr(line, name) for line in lines), Decimal("0"))

    return {
        name: total(name)
        for name in ("gross", "end_of_contract_bonus", "net", "employee_contributions", "cdd_levy")
    }


def render_dsn(employer: Employer, month: date, lines: list[FrenchPayslipLine]) -> bytes:
    rows: list[tuple[str, str]] = [
        ("S10.G00.00.001", "Smart suite"),
        ("S10.G00.00.002", "Smart"),
        ("S10.G00.00.003", "1"),
        ("S10.G00.00.005", "02"),  # test sending until the filing channel is connected
        ("S10.G00.00.006", "P26V01"),
        ("S10.G00.00.008", "01"),
        ("S10.G00.01.001", employer.siren),
        ("S10.G00.01.002", employer.nic),
        ("S10.G00.01.003", employer.name),
        ("S10.G00.01.004", employer.street),
        ("S10.G00.01.005", employer.postal_code),
        ("S10.G00.01.006", employer.city),
        ("S20.G00.05.001", "01"),
        ("S20.G00.05.002", "01"),
        ("S20.G00.05.003", "11"),
        ("S20.G00.05.004", "1"),
        ("S20.G00.05.005", _ddmmyyyy(month.replace(day=1))),
        ("S20.G00.05.010", "01"),
        ("S21.G00.06.001", employer.siren),
        ("S21.G00.11.001", employer.nic),
    ]
    ordered = sorted(lines, key=lambda line: (line.nir, line.contract_start, line.payslip_id))
    people = sorted({line.nir for line in ordered})
    for nir in people:
        own = [line for line in ordered if line.nir == nir]
        first = own[0]
        rows += [
            ("S21.G00.30.001", nir),
            ("S21.G00.30.002", first.last_name.upper()),
            ("S21.G00.30.004", first.first_names),
        ]
        for line in own:
            rows += [
                ("S21.G00.40.001", _ddmmyyyy(line.contract_start)),
                ("S21.G00.40.007", CONTRACT_NATURE[line.contract_type]),
                ("S21.G00.40.009", line.payslip_id[:20]),
            ]
            if line.contract_end:
                rows.append(("S21.G00.40.010", _ddmmyyyy(line.contract_end)))
            rows += [
                ("S21.G00.50.001", _ddmmyyyy(line.paid_on)),
                ("S21.G00.50.002", _amount(line.taxable)),
                ("S21.G00.50.004", _amount(line.net)),
                ("S21.G00.51.001", _ddmmyyyy(month.replace(day=1))),
                ("S21.G00.51.011", "001"),
                ("S21.G00.51.013", _amount(line.gross)),
            ]
            if line.end_of_contract_bonus:
                rows += [
                    ("S21.G00.52.001", BONUS_TYPE_END_OF_CONTRACT),
                    ("S21.G00.52.002", _amount(line.end_of_contract_bonus)),
                ]
            rows += [
                ("S21.G00.78.001", BASE_GROSS_UNCAPPED),
                ("S21.G00.78.004", _amount(line.gross + line.end_of_contract_bonus)),
            ]
            if line.cdd_levy:
                rows += [
                    ("S21.G00.81.001", CONTRIBUTION_CDD_LEVY),
                    ("S21.G00.81.004", _amount(line.cdd_levy)),
                ]
    summary = totals(ordered)
    rows += [
        ("S90.G00.90.001", str(len(rows) + 2)),
        ("S90.G00.90.002", str(len(people))),
    ]
    text = "".join(f"{rubric},'{value.replace(chr(39), ' ')}'\n" for rubric, value in rows)
    control = (
        f"# totals gross={_amount(summary['gross'])} "
        f"bonus={_amount(summary['end_of_contract_bonus'])} net={_amount(summary['net'])} "
        f"employee_contributions={_amount(summary['employee_contributions'])} "
        f"cdd_levy={_amount(summary['cdd_levy'])}\n"
    )
    return (text + control).encode("latin-1", "replace")
