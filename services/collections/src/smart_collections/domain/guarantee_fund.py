"""The guarantee fund's books (pure), in double entry per entity and currency.

The fund pays a salary its client has not paid yet: an **advance** for that receivable
(``advances`` debited, ``fund_cash`` credited). A later client payment **recovers** it
(``fund_cash`` debited, ``advances`` credited). A receivable nobody will pay is **written off**:
the advance becomes a loss, a value reduction (``losses`` debited, ``advances`` credited); if the
client pays after all, the loss is **reversed** first (``advances`` debited, ``losses``
credited) and the payment recovers the advance. Every movement is lines that sum to zero, so
the books always balance; the balances are sums of lines, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal("0")


class Account(StrEnum):
    FUND_CASH = "fund_cash"
    """What the fund paid out (negative) and got back."""
    ADVANCES = "advances"
    """Salaries advanced and not recovered: the fund's exposure."""
    LOSSES = "losses"
    """Advances written off (value reductions), net of what came back later."""


class MovementKind(StrEnum):
    ADVANCED = "advanced"
    RECOVERED = "recovered"
    WRITTEN_OFF = "written_off"
    LOSS_REVERSED = "loss_reversed"


_ENTRIES: dict[MovementKind, tuple[Account, Account]] = {
    # (debited, credited)
    MovementKind.ADVANCED: (Account.ADVANCES, Account.FUND_CASH),
    MovementKind.RECOVERED: (Account.FUND_CASH, Account.ADVANCES),
    MovementKind.WRITTEN_OFF: (Account.LOSSES, Account.ADVANCES),
    MovementKind.LOSS_REVERSED: (Account.ADVANCES, Account.LOSSES),
}


@dataclass(frozen=True, slots=True)
class Line:
    account: Account
    amount: Decimal
    """Positive on the debit side, negative on the credit side."""


@dataclass(frozen=True, slots=True)
class Movement:
    kind: MovementKind
    amount: Decimal
    currency: str
    at: datetime
    lines: tuple[Line, ...]


def movement(kind: MovementKind, amount: Decimal, currency: str, at: datetime) -> Movement:
    """The two lines of a movement of ``amount`` (positive)."""
    if amount <= ZERO:
        raise ValueError(f"a fund movement moves a positive amount, not {amount}")
    debited, credited = _ENTRIES[kind]
    return Movement(kind, amount, currency, at, (Line(debited, amount), Line(credited, -amount)))


def balances(lines: Iterable[tuple[str, Decimal]]) -> dict[Account, Decimal]:
    """Each account's balance from ``(account, amount)`` lines; every account is present."""
    totals = dict.fromkeys(Account, ZERO)
    for account, amount in lines:
        totals[Account(account)] += amount
    return totals


@dataclass(frozen=True, slots=True)
class Exposure:
    """What the fund stands to lose on one receivable, from its three running amounts."""

    advanced: Decimal
    recovered: Decimal
    written_off: Decimal

    @property
    def open(self) -> Decimal:
        return self.advanced - self.recovered - self.written_off

    def on_payment(self, amount: Decimal, currency: str, at: datetime) -> list[Movement]:
        """A client payment on a guaranteed receivable: the loss reversed first (as far as
        the payment goes), then the advance recovered — never more than was advanced."""
        movements = []
        reversed_ = min(amount, self.written_off)
        if reversed_ > ZERO:
            movements.append(movement(MovementKind.LOSS_REVERSED, reversed_, currency, at))
        recovered = min(amount, self.advanced - self.recovered)
        if recovered > ZERO:
            movements.append(movement(MovementKind.RECOVERED, recovered, currency, at))
        return movements
