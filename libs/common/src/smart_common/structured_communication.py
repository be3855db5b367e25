"""Payment references a bank statement can be matched on: the Belgian structured communication
(OGM/VCS: ten digits, a mod-97 check, +++123/4567/89012+++) and the ISO 11649 creditor
reference (RF, two check digits, up to 21 characters), the SEPA-wide one."""

from __future__ import annotations

import re

from stdnum import iso11649

_PATTERN = re.compile(r"^\+{3}(\d{3})/(\d{4})/(\d{5})\+{3}$")


def structured_communication(base: int) -> str:
    if not 0 < base < 10**10:
        raise ValueError("the base of a structured communication has at most ten digits")
    check = base % 97 or 97
    digits = f"{base:010d}{check:02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def creditor_reference(base: int) -> str:
    """ISO 11649: ``RF`` + two check digits + the reference (here digits), compact form."""
    if not 0 < base < 10**21:
        raise ValueError("a creditor reference holds at most 21 characters")
    body = str(base)
    remainder = int(f"{body}271500") % 97  # "RF00" moved to the end, R=27, F=15
    return f"RF{98 - remainder:02d}{body}"


PAYMENT_REFERENCES = {
    "be_structured_communication": structured_communication,
    "iso11649_creditor_reference": creditor_reference,
}


def payment_reference(scheme: str, base: int) -> str:
    """The reference of an entity's invoices, by the scheme its rule pack names."""
    if scheme not in PAYMENT_REFERENCES:
        raise ValueError(f"unknown payment reference scheme {scheme!r}")
    return PAYMENT_REFERENCES[scheme](base)


def normalise(reference: str) -> str | None:
    """The canonical form of a payment reference, or None when invalid: ``+++…+++`` for a
    structured communication (its twelve digits with or without +++ and slashes, as bank lines
    carry them), the compact ``RF…`` form for a creditor reference."""
    compact = "".join(reference.split()).upper()
    if compact.startswith("RF"):
        return compact if iso11649.is_valid(compact) else None
    digits = re.sub(r"[^0-9]", "", reference)
    if len(digits) != 12:
        return None
    base, check = int(digits[:10]), int(digits[10:])
    if (base % 97 or 97) != check:
        return None
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def is_valid(reference: str) -> bool:
    return _PATTERN.match(reference) is not None and normalise(reference) == reference
