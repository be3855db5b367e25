"""Money: a Decimal amount with an ISO 4217 currency; rounding is always explicit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer

CENT = Decimal("0.01")
_MINOR_UNITS = {"EUR": 2, "SEK": 2, "HUF": 2, "USD": 2, "GBP": 2, "CHF": 2}


def round_half_up(value: Decimal, exponent: Decimal = CENT) -> Decimal:
    """Half-up rounding to the given exponent (cents by default)."""
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        if self.currency not in _MINOR_UNITS:
            raise ValueError(f"unsupported currency {self.currency!r}")

    @classmethod
    def of(cls, amount: str | Decimal | int, currency: str) -> Money:
        return cls(Decimal(amount), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def times(self, factor: Decimal) -> Money:
        """Multiply without rounding; call :meth:`rounded` where a rule says so."""
        return Money(self.amount * factor, self.currency)

    def rounded(self) -> Money:
        exponent = Decimal(1).scaleb(-_MINOR_UNITS[self.currency])
        return Money(round_half_up(self.amount, exponent), self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


MAX_AMOUNT = Decimal("1000000000")
"""No amount the suite handles reaches a billion; larger is a typing error (or an attack:
``1e30`` would overflow the cent arithmetic of invoices and payslips)."""


def _parse_amount(value: object) -> Decimal:
    if isinstance(value, float):
        raise ValueError("amounts are decimal strings, not floats")
    if isinstance(value, Decimal | int | str):
        try:
            parsed = Decimal(str(value).strip())
        except ArithmeticError as error:
            raise ValueError(f"not a decimal amount: {value!r}") from error
        if not parsed.is_finite():
            raise ValueError("amount must be finite")
        if abs(parsed) >= MAX_AMOUNT:
            raise ValueError(f"amount must be below {MAX_AMOUNT:,} in absolute value")
        return parsed
    raise ValueError(f"not a decimal amount: {value!r}")


def _cents_exact(value: Decimal) -> Decimal:
    if value != round_half_up(value):
        raise ValueError("amount has more than two decimals")
    return round_half_up(value)


Amount = Annotated[
    Decimal,
    BeforeValidator(_parse_amount),
    PlainSerializer(lambda value: str(value), return_type=str, when_used="json"),
    Field(json_schema_extra={"type": "string", "format": "decimal"}),
]
"""A decimal amount carried as a string in JSON (floats are refused)."""

CentAmount = Annotated[Amount, AfterValidator(_cents_exact)]
"""An amount with at most two decimals."""

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["EUR"])]
