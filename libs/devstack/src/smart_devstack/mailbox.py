"""Reading the SMTP sink's mail as a member reads theirs: the link of an account e-mail.

``python -m smart_devstack.mailbox --to ann@example.org`` prints the token of the latest
verification e-mail the embedded stack sent there (``--kind password_reset`` for a reset)."""

from __future__ import annotations

import argparse
import re
import sys
import time
from email import message_from_bytes, policy
from pathlib import Path

LINKS = {
    "email_verification": re.compile(r"/email-verification\?token=([\w.-]+)"),
    "password_reset": re.compile(r"/password-reset\?token=([\w.-]+)"),
}


def latest_token(mail_dir: Path, to: str, kind: str = "email_verification") -> str | None:
    """The token of the newest account e-mail of ``kind`` sent to ``to``, if one arrived."""
    found: list[tuple[float, str]] = []
    for path in mail_dir.glob("*.eml") if mail_dir.exists() else ():
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] != to:
            continue
        body = message.get_body(preferencelist=("plain",))
        if body is not None and (link := LINKS[kind].search(body.get_content())):
            found.append((path.stat().st_mtime, link.group(1)))
    return max(found)[1] if found else None


def wait_for_token(
    mail_dir: Path, to: str, kind: str = "email_verification", timeout: float = 30
) -> str:
    deadline = time.monotonic() + timeout
    while (token := latest_token(mail_dir, to, kind)) is None:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {kind} e-mail for {to} within {timeout} s in {mail_dir}")
        time.sleep(0.2)
    return token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path(".data/mail"))
    parser.add_argument("--to", required=True)
    parser.add_argument("--kind", choices=sorted(LINKS), default="email_verification")
    parser.add_argument("--timeout", type=float, default=30)
    arguments = parser.parse_args()
    try:
        print(wait_for_token(arguments.dir, arguments.to, arguments.kind, arguments.timeout))
    except AssertionError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
