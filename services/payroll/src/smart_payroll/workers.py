"""A worker's personal numbers (IBAN, national number) sealed at rest, opened when used."""

from __future__ import annotations

from typing import Any

from smart_common.personal_data import PersonalDataCipher


def sealed_worker(worker: dict[str, Any], cipher: PersonalDataCipher) -> dict[str, Any]:
    return worker | {
        "iban": cipher.seal(worker["iban"]),
        "national_register_number": cipher.seal_optional(worker["national_register_number"]),
    }


def opened_worker(worker: dict[str, Any], cipher: PersonalDataCipher) -> dict[str, Any]:
    return worker | {
        "iban": cipher.open(worker["iban"]),
        "national_register_number": cipher.open_optional(worker["national_register_number"]),
    }
