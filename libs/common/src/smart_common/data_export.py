"""Sealing a member's data export to the key of that export, and cutting it into chunks.

A part is sealed to the export's X25519 public key the way HPKE does it (an ephemeral key
agreed with the recipient's, HKDF-SHA256, AES-256-GCM), with the export id and the service as
associated data: a part cannot pass for another export's or another service's. Members, the
only holder of the private key, drops it once the export is downloaded (crypto-shredding of
every copy of the chunks left in outboxes, the broker and inboxes).
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"
CHUNK_BYTES = 192 * 1024  # a chunk event stays far below the broker's 1 MiB record limit
_INFO = b"smart data export v1"


def context(export_id: str, service: str) -> bytes:
    return f"{export_id}/{service}".encode()


def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=_INFO + ephemeral + recipient).derive(shared)


def seal_to(public_key: str, plaintext: bytes, associated: bytes) -> bytes:
    recipient = base64.urlsafe_b64decode(public_key)
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    nonce = os.urandom(12)
    sealed = AESGCM(_key(shared, ephemeral_public, recipient)).encrypt(nonce, plaintext, associated)
    return VERSION + ephemeral_public + nonce + sealed


class ExportKey:
    """The private half of one export's key pair."""

    def __init__(self, private: X25519PrivateKey):
        self._private = private

    @classmethod
    def generate(cls) -> ExportKey:
        return cls(X25519PrivateKey.generate())

    @classmethod
    def from_raw(cls, raw: bytes) -> ExportKey:
        return cls(X25519PrivateKey.from_private_bytes(raw))

    def raw(self) -> bytes:
        return self._private.private_bytes_raw()

    @property
    def public_key(self) -> str:
        return base64.urlsafe_b64encode(self._private.public_key().public_bytes_raw()).decode()

    def open(self, sealed: bytes, associated: bytes) -> bytes:
        if sealed[:1] != VERSION or len(sealed) < 1 + 32 + 12 + 16:
            raise ValueError("not a sealed export part")
        ephemeral, nonce, body = sealed[1:33], sealed[33:45], sealed[45:]
        shared = self._private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        recipient = self._private.public_key().public_bytes_raw()
        try:
            return AESGCM(_key(shared, ephemeral, recipient)).decrypt(nonce, body, associated)
        except InvalidTag as error:
            raise ValueError("the part does not open for this export and service") from error


def chunks(sealed: bytes) -> tuple[str, list[str]]:
    """The part's SHA-256 and its pieces (URL-safe base64), in order."""
    pieces = [sealed[start : start + CHUNK_BYTES] for start in range(0, len(sealed), CHUNK_BYTES)]
    encoded = [base64.urlsafe_b64encode(piece).decode() for piece in pieces or [b""]]
    return hashlib.sha256(sealed).hexdigest(), encoded


def joined(pieces: list[str], sha256: str) -> bytes:
    sealed = b"".join(base64.urlsafe_b64decode(piece) for piece in pieces)
    if hashlib.sha256(sealed).hexdigest() != sha256:
        raise ValueError("the reassembled part does not match its checksum")
    return sealed
