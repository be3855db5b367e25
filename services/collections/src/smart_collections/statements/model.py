"""A bank statement as the readers give it: the account, its balances and its booked lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class UnreadableStatement(ValueError):
    """The file is not a statement this service reads; the message says why (a 422)."""


@dataclass(frozen=True, slots=True)
class StatementLine:
    amount: Decimal  # positive; ``credit`` says the direction
    currency: str
    credit: bool
    value_date: date
    booking_date: date | None
    counterparty_name: str | None
    counterparty_iban: str | None
    structured_reference: str | None  # a creditor reference: Belgian structured communication
    # (issuer BBA) or ISO 11649 (RF…)
    unstructured: str | None
    bank_reference: str | None  # the bank's own reference of the transaction

    @property
    def signed(self) -> Decimal:
        return self.amount if self.credit else -self.amount


@dataclass(frozen=True, slots=True)
class Statement:
    format: str  # camt.053.001.02 …, coda
    statement_id: str
    sequence: str | None
    account: str  # IBAN
    currency: str
    statement_date: date
    opening_balance: Decimal  # signed
    closing_balance: Decimal
    lines: tuple[StatementLine, ...]

    def check_balances(self) -> None:
        """Opening + credits − debits = closing, or the statement is refused with the figures."""
        moved = sum((line.signed for line in self.lines), Decimal("0"))
        if self.opening_balance + moved != self.closing_balance:
            credits = sum((line.amount for line in self.lines if line.credit), Decimal("0"))
            debits = sum((line.amount for line in self.lines if not line.credit), Decimal("0"))
            raise UnreadableStatement(
                f"the balances do not reconcile: opening {self.opening_balance} + credits "
                f"{credits} − debits {debits} = {self.opening_balance + moved}, but the closing "
                f"balance is {self.closing_balance}"
            )
