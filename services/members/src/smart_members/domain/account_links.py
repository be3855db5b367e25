"""Signed, expiring links for an account's e-mail (verification, password reset).

A link carries its purpose, the member and its expiry, with an HMAC-SHA256 over them and a
*binding*: the value the link is for (the e-mail address to verify; the current password's
hash for a reset). Once that value changes — the address edited, the password reset — every
earlier link stops working: a reset link is single-use without any stored state."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime


class InvalidLink(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class AccountLink:
    purpose: str
    member_id: str
    expires: datetime


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: str, binding: str) -> str:
    return _b64(hmac.new(key, f"{payload}|{binding}".encode(), hashlib.sha256).digest())


def sign_link(key: bytes, link: AccountLink, binding: str) -> str:
    payload = f"{link.purpose}|{link.member_id}|{int(link.expires.timestamp())}"
    return f"{_b64(payload.encode())}.{_mac(key, payload, binding)}"


def read_link(token: str, purpose: str) -> AccountLink:
    """What the link says, not yet checked (the binding is looked up from its member)."""
    try:
        encoded, _ = token.split(".", 1)
        found, member_id, expires = _unb64(encoded).decode().split("|")
        link = AccountLink(found, member_id, datetime.fromtimestamp(int(expires), UTC))
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidLink("this link is not one of ours") from error
    if link.purpose != purpose:
        raise InvalidLink("this link is for something else")
    return link


def check_link(key: bytes, token: str, link: AccountLink, binding: str, now: datetime) -> None:
    payload = f"{link.purpose}|{link.member_id}|{int(link.expires.timestamp())}"
    if not hmac.compare_digest(token.split(".", 1)[1], _mac(key, payload, binding)):
        raise InvalidLink("this link is no longer valid (already used, or superseded)")
    if now >= link.expires:
        raise InvalidLink("this link has expired: ask for a new one")
