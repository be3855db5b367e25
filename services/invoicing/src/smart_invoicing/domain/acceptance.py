"""The signed link a client uses to accept a quote: an HMAC of the quote id (pure)."""

from __future__ import annotations

import hashlib
import hmac


def acceptance_token(secret: str, quote_id: str) -> str:
    return hmac.new(
        secret.encode(), f"quote-acceptance:{quote_id}".encode(), hashlib.sha256
    ).hexdigest()


def token_is_valid(secret: str, quote_id: str, token: str) -> bool:
    return hmac.compare_digest(acceptance_token(secret, quote_id), token)
