"""Personal data sealed at rest: IBANs and national register numbers (AES-256-GCM).

A sealed value is ``sealed:v2:`` + the key's id + ``.`` + URL-safe base64 of nonce and
ciphertext. It is bound to the person it is about (their member id, as associated data): a
value copied onto another member's record does not open there — a salary cannot be sent to
someone else's IBAN by moving a field in the database. The key id says which key sealed it,
so keys rotate: the new key seals, the previous ones (``SMART_PERSONAL_DATA_PREVIOUS_KEYS``)
still open until every value is sealed again. Values sealed before (``sealed:v1:``, no
binding, one key) still open with the first key they were sealed with.

Sealed values are never logged and are shown masked over HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import SecretStr

MARK = "sealed:"
PREFIX = "sealed:v2:"
LEGACY_PREFIX = "sealed:v1:"


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


class PersonalDataCipher:
    def __init__(self, key: SecretStr, previous: Iterable[SecretStr] = ()):
        keys = [base64.urlsafe_b64decode(secret.get_secret_value()) for secret in (key, *previous)]
        self._current = key_id(keys[0])
        self._aeads = {key_id(raw): AESGCM(raw) for raw in reversed(keys)}
        self._pseudonyms = hmac.new(keys[0], b"pseudonyms", hashlib.sha256).digest()

    @property
    def current_key_id(self) -> str:
        return self._current

    def pseudonym(self, member_id: str) -> str:
        """What stands for an erased member in the records kept: the same for all their rows
        (they still add up), unlinkable to them without the key."""
        digest = hmac.new(self._pseudonyms, member_id.encode(), hashlib.sha256).hexdigest()
        return f"erased member {digest[:12]}"

    def seal(self, value: str, about: str) -> str:
        """Seal ``value``, bound to ``about``: the member id of the person it is about (or
        the id of the record a secret belongs to)."""
        nonce = os.urandom(12)
        sealed = nonce + self._aeads[self._current].encrypt(nonce, value.encode(), about.encode())
        return f"{PREFIX}{self._current}.{base64.urlsafe_b64encode(sealed).decode()}"

    def open(self, sealed: str, about: str) -> str:
        if sealed.startswith(LEGACY_PREFIX):
            return self._open_legacy(sealed)
        if not sealed.startswith(PREFIX):
            raise ValueError("not a sealed value")
        kid, _, body = sealed.removeprefix(PREFIX).partition(".")
        aead = self._aeads.get(kid)
        if aead is None:
            raise ValueError(f"sealed with key {kid}, which this service does not hold")
        raw = base64.urlsafe_b64decode(body)
        try:
            return aead.decrypt(raw[:12], raw[12:], about.encode()).decode()
        except InvalidTag as error:
            raise ValueError("the sealed value does not open for this person") from error

    def needs_resealing(self, sealed: str) -> bool:
        """Sealed before bindings, or with a previous key."""
        return not sealed.startswith(f"{PREFIX}{self._current}.")

    def _open_legacy(self, sealed: str) -> str:
        raw = base64.urlsafe_b64decode(sealed.removeprefix(LEGACY_PREFIX))
        for aead in self._aeads.values():
            try:
                return aead.decrypt(raw[:12], raw[12:], None).decode()
            except InvalidTag:
                continue
        raise ValueError("sealed value does not open with this key")

    def seal_optional(self, value: str | None, about: str) -> str | None:
        return None if value is None else self.seal(value, about)

    def open_optional(self, sealed: str | None, about: str) -> str | None:
        return None if sealed is None else self.open(sealed, about)


def masked(value: str, visible: int = 4) -> str:
    """What a person may see of a number: its last characters."""
    return "…" + value[-visible:]
