"""The signed link a client uses to accept a quote (pure).

The token is an HMAC, under invoicing's own key, of the quote's id, its content (a digest of
the terms and totals the client is shown) and the last day it may be accepted: a quote
changed after sending, or a link past that day, is refused; the token never appears in what
the member sees of the quote."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date
from typing import Any


def content_digest(quote: dict[str, Any]) -> str:
    shown = {
        key: quote.get(key)
        for key in (
            "terms",
            "total_excl_vat",
            "total_vat",
            "total_incl_vat",
            "currency",
            "client_id",
        )
    }
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def _mac(secret: str, quote_id: str, digest: str, last_day: str) -> str:
    message = f"quote-acceptance|{quote_id}|{digest}|{last_day}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def acceptance_token(secret: str, quote: dict[str, Any]) -> str:
    last_day = str(quote["valid_until"])
    return f"{last_day}.{_mac(secret, quote['_id'], content_digest(quote), last_day)}"


def token_is_valid(secret: str, quote: dict[str, Any], token: str, today: date) -> bool:
    """For this quote as it is now, and not past the day the link names."""
    last_day, _, mac = token.partition(".")
    try:
        if date.fromisoformat(last_day) < today:
            return False
    except ValueError:
        return False
    expected = _mac(secret, quote["_id"], content_digest(quote), last_day)
    return last_day == str(quote["valid_until"]) and hmac.compare_digest(expected, mac)
