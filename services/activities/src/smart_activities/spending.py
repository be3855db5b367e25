"""What an activity may still spend: its cash, less the instalments due and what approved
expense notes and salary requests keep aside until they are paid — the same figure the
balance shows as available, read inside the caller's transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smart_activities.adapters.repositories import (
    ExpenseNotes,
    Financings,
    MonthTotals,
    SalaryRequests,
)
from smart_activities.domain.ledger import amount_of, cents
from smart_activities.domain.salary_requests import HOLDING
from smart_activities.repayments import due_now
from smart_common.persistence import Transaction


async def committed(tx: Transaction, activity_id: str) -> int:
    """Cents promised and not yet paid: approved notes, salary requests not yet on a payslip."""
    return await ExpenseNotes(tx).approved_unpaid(activity_id) + await SalaryRequests(tx).held(
        activity_id, HOLDING
    )


async def spendable(tx: Transaction, activity_id: str, today: date) -> Decimal:
    due = sum(
        (due_now(financing, today) for financing in await Financings(tx).repaying(activity_id)),
        Decimal("0"),
    )
    return amount_of(
        await MonthTotals(tx).cash(activity_id) - cents(due) - await committed(tx, activity_id)
    )
