"""The payroll strategies, by the rule naming them in a pack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smart_payroll.countries.hiring import HIRING_SCHEMES
from smart_payroll.countries.payslips import PAYSLIP_METHODS
from smart_payroll.countries.periodic import PERIODIC_SCHEMES

STRATEGIES: Mapping[str, Mapping[str, Any]] = {
    "hiring_declaration": HIRING_SCHEMES,
    "withholding_method": PAYSLIP_METHODS,
    "periodic_declaration": PERIODIC_SCHEMES,
}
