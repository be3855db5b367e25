"""Identity rules for members and clients: pure checks of the numbers people give us."""

from __future__ import annotations

from stdnum import iban as iban_number
from stdnum.be import nn as belgian_national_number
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fr import nir as french_social_security_number
from stdnum.util import get_cc_module


class InvalidIdentity(ValueError):
    """A number that fails its checksum or format."""


def normalise_iban(value: str) -> str:
    try:
        return iban_number.validate(value)
    except ValidationError as error:
        raise InvalidIdentity(f"iban: not a valid IBAN ({error})") from error


NATIONAL_NUMBERS = {
    "BE": (belgian_national_number, "Belgian national register number (NISS)"),
    "FR": (french_social_security_number, "French social security number (NIR)"),
}


def normalise_national_register_number(value: str, entity: str = "BE") -> str:
    """The worker's social-security number, checked by the rules of the entity's country
    (Belgium: NISS, France: NIR). Other entities keep it as given, letters and digits only."""
    known = NATIONAL_NUMBERS.get(entity)
    if known is None:
        compact = "".join(value.split()).upper()
        if not compact.isalnum():
            raise InvalidIdentity("national_register_number: letters and digits only")
        return compact
    module, name = known
    try:
        return str(module.validate(value))
    except ValidationError as error:
        raise InvalidIdentity(f"national_register_number: not a valid {name} ({error})") from error


def normalise_vat_number(value: str, country: str) -> str:
    """A business client's VAT number, checked by its country's checksum (prefix required)."""
    compact = eu_vat.compact(value)
    if not compact.startswith(country if country != "GR" else "EL"):
        raise InvalidIdentity(f"vat_number: a {country} VAT number must start with {country}")
    try:
        return eu_vat.validate(compact)
    except ValidationError as error:
        raise InvalidIdentity(f"vat_number: not a valid {country} VAT number ({error})") from error


EU_VAT_PREFIXES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR EL HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


def normalise_tax_number(value: str, country: str) -> str:
    """A business client's VAT (or, outside the EU, tax) number checked by its country's rules.

    EU clients need a VAT number with its checksum; elsewhere the country's VAT or tax number is
    checked where python-stdnum knows it (a US EIN, a Swiss or British VAT number...).
    """
    prefix = "EL" if country == "GR" else country
    if prefix in EU_VAT_PREFIXES:
        return normalise_vat_number(value, country)
    module = get_cc_module(country.lower(), "vat") or get_cc_module(country.lower(), "ein")
    if module is None:
        compact = "".join(value.split()).upper()
        if not compact.isalnum() or len(compact) < 4:
            raise InvalidIdentity(f"vat_number: not a {country} tax number")
        return compact
    try:
        return str(module.validate(value))
    except ValidationError as error:
        raise InvalidIdentity(f"vat_number: not a valid {country} tax number ({error})") from error
