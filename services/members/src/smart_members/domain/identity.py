"""Identity rules for members and clients: pure checks of the numbers people give us."""

from __future__ import annotations

from stdnum import iban as iban_number
from stdnum.be import nn as belgian_national_number
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError


class InvalidIdentity(ValueError):
    """A number that fails its checksum or format."""


def normalise_iban(value: str) -> str:
    try:
        return iban_number.validate(value)
    except ValidationError as error:
        raise InvalidIdentity(f"iban: not a valid IBAN ({error})") from error


def normalise_national_register_number(value: str) -> str:
    try:
        return belgian_national_number.validate(value)
    except ValidationError as error:
        raise InvalidIdentity(
            f"national_register_number: not a valid Belgian national register number ({error})"
        ) from error


def normalise_vat_number(value: str, country: str) -> str:
    """A business client's VAT number, checked by its country's checksum (prefix required)."""
    compact = eu_vat.compact(value)
    if not compact.startswith(country if country != "GR" else "EL"):
        raise InvalidIdentity(f"vat_number: a {country} VAT number must start with {country}")
    try:
        return eu_vat.validate(compact)
    except ValidationError as error:
        raise InvalidIdentity(f"vat_number: not a valid {country} VAT number ({error})") from error
