from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from smart_common.money import CentAmount, Money


def test_rounding_is_explicit_and_half_up():
    assert Money.of("10.005", "EUR").rounded() == Money.of("10.01", "EUR")
    assert Money.of("10.004", "EUR").rounded() == Money.of("10.00", "EUR")
    assert Money.of("100", "EUR").times(Decimal("0.065")).rounded().amount == Decimal("6.50")


def test_currencies_do_not_mix():
    with pytest.raises(ValueError):
        _ = Money.of("1", "EUR") + Money.of("1", "SEK")


class Priced(BaseModel):
    amount: CentAmount


def test_amounts_travel_as_strings_and_refuse_floats_and_sub_cents():
    assert Priced(amount="12.30").model_dump(mode="json") == {"amount": "12.30"}
    with pytest.raises(ValidationError):
        Priced(amount=12.3)
    with pytest.raises(ValidationError):
        Priced(amount="12.345")
    with pytest.raises(ValidationError):
        Priced(amount="NaN")
