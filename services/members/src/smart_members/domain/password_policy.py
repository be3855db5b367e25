"""What a password must be: long, not one of the passwords breaches have made common, not
guessable from the account's own details.

The common passwords are zxcvbn's bundled list (30,000 passwords most frequent in breach
corpora); the strength estimate is zxcvbn's (Wheeler, "zxcvbn: Low-Budget Password Strength
Estimation", USENIX Security 2016). NIST SP 800-63B §5.1.1.2 asks for this: a minimum length
and a check against values known to be commonly used or compromised, no composition rules.
"""

from __future__ import annotations

from functools import cache

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MINIMUM_LENGTH = 12
MINIMUM_SCORE = 3
"""zxcvbn's score (0-4): 3 is "safely unguessable: moderate protection from offline attacks"."""


@cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *personal: str) -> str | None:
    """Why ``password`` is refused (None: it is fine); ``personal`` are the account's own
    details (e-mail, names), which a password must not be built from."""
    if len(password) < MINIMUM_LENGTH:
        return f"password: at least {MINIMUM_LENGTH} characters"
    if password.lower() in _common():
        return "password: one of the most common passwords (found in breaches): choose another"
    estimate = zxcvbn(password[:100], user_inputs=[value.lower() for value in personal if value])
    if estimate["score"] < MINIMUM_SCORE:
        hint = estimate["feedback"].get("warning") or "too easy to guess"
        return f"password: {hint.rstrip('.')}; a few unrelated words make a strong one"
    return None
