"""Belgian structured communication (OGM/VCS): ten digits, a mod-97 check: +++123/4567/89012+++."""

from __future__ import annotations

import re

_PATTERN = re.compile(r"^\+{3}(\d{3})/(\d{4})/(\d{5})\+{3}$")


def structured_communication(base: int) -> str:
    if not 0 < base < 10**10:
        raise ValueError("the base of a structured communication has at most ten digits")
    check = base % 97 or 97
    digits = f"{base:010d}{check:02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def normalise(reference: str) -> str | None:
    """The canonical +++…+++ form of a structured communication, or None when invalid.

    Accepts the twelve digits with or without the +++ and slashes (as bank lines carry them).
    """
    digits = re.sub(r"[^0-9]", "", reference)
    if len(digits) != 12:
        return None
    base, check = int(digits[:10]), int(digits[10:])
    if (base % 97 or 97) != check:
        return None
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def is_valid(reference: str) -> bool:
    return _PATTERN.match(reference) is not None and normalise(reference) == reference
