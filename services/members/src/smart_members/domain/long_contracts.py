"""A long contract as the member declares it: the months it spans and the activity's forecast
revenue for each (pure; payroll smooths the salaries)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from pydantic import Field

from smart_common.events.members import ContractType
from smart_common.money import CentAmount
from smart_common.text import InputModel


class LongContractIn(InputModel):
    description: str = Field(min_length=1, max_length=1000)
    occupation_code: str = Field(pattern=r"^\d{4}$", description="ISCO-08 unit group code")
    contract_type: ContractType = ContractType.EMPLOYEE
    start_month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2027-01"])
    forecast: list[CentAmount] = Field(
        min_length=2,
        max_length=60,
        description="The activity's revenue excl. VAT expected each month, from the start month",
    )
    monthly_expenses: CentAmount = Field(default=Decimal("0"), ge=Decimal("0"))


def contract_dates(start_month: str, months: int) -> tuple[date, date]:
    """First day of the first month, last day of the last month."""
    year, month = (int(part) for part in start_month.split("-"))
    last = year * 12 + month - 1 + months - 1
    last_year, last_month = last // 12, last % 12 + 1
    return (
        date(year, month, 1),
        date(last_year, last_month, calendar.monthrange(last_year, last_month)[1]),
    )


def forecast_problem(contract: LongContractIn) -> str | None:
    if any(amount < 0 for amount in contract.forecast):
        return "forecast: revenue cannot be negative"
    if sum(contract.forecast, Decimal("0")) <= 0:
        return "forecast: the activity must expect some revenue"
    return None
