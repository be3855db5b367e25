"""Personal data sealed at rest: IBANs and national register numbers (AES-256-GCM).

A sealed value is ``sealed:v1:`` + URL-safe base64 of nonce and ciphertext. Sealed values are
never logged and are shown masked over HTTP.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr

PREFIX = "sealed:v1:"


class PersonalDataCipher:
    def __init__(self, key: SecretStr):
        self._aead = AESGCM(base64.urlsafe_b64decode(key.get_secret_value()))

    def seal(self, value: str) -> str:
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, value.encode(), None)
        return PREFIX + base64.urlsafe_b64encode(sealed).decode()

    def open(self, sealed: str) -> str:
        if not sealed.startswith(PREFIX):
            raise ValueError("not a sealed value")
        raw = base64.urlsafe_b64decode(sealed.removeprefix(PREFIX))
        try:
            return self._aead.decrypt(raw[:12], raw[12:], None).decode()
        except InvalidTag as error:
            raise ValueError("sealed value does not open with this key") from error

    def seal_optional(self, value: str | None) -> str | None:
        return None if value is None else self.seal(value)

    def open_optional(self, sealed: str | None) -> str | None:
        return None if sealed is None else self.open(sealed)


def masked(value: str, visible: int = 4) -> str:
    """What a person may see of a number: its last characters."""
    return "…" + value[-visible:]
