from decimal import Decimal

import pytest
from pydantic import ValidationError

from smart_common.money import CentAmount
from smart_common.text import InputModel


class Address(InputModel):
    street: str
    city: str


class Body(InputModel):
    description: str
    address: Address
    tags: list[str] = []
    amount: CentAmount = Decimal("0")


def test_control_and_format_characters_are_refused_with_the_field_named():
    for bad, location in (
        ({"street": "Kerkstraat\u0001 12", "city": "Gent"}, ("address", "street")),
        ({"street": "Kerkstraat 12", "city": "Gent\u202e"}, ("address", "city")),  # bidi override
        ({"street": "Kerk\u200bstraat", "city": "Gent"}, ("address", "street")),  # zero width
    ):
        with pytest.raises(ValidationError) as raised:
            Body(description="ok", address=bad)
        [error] = raised.value.errors()
        assert error["loc"] == location and "U+" in error["msg"]
    with pytest.raises(ValidationError):
        Body(description="x", address={"street": "a\nb", "city": "Gent"})  # one line only
    with pytest.raises(ValidationError):
        Body(description="x", address={"street": "a", "city": "b"}, tags=["ok", "\x7f"])


def test_descriptions_may_span_lines_and_accents_pass():
    body = Body(
        description="Éclairage de scène\n\tdeux jours",
        address={"street": "Place du Théâtre 2", "city": "Namur"},
    )
    assert body.address.city == "Namur"


def test_amounts_are_bounded():
    for amount in ("1e30", "1000000000", "-1e12"):
        with pytest.raises(ValidationError, match="below"):
            Body(description="x", address={"street": "a", "city": "b"}, amount=amount)
    assert Body(description="x", address={"street": "a", "city": "b"}, amount="999999999.99")
