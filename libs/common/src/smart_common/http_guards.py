"""What every service's HTTP edge enforces before a route runs: a bounded request body and
the security headers of an API (OWASP Secure Headers Project; RFC 9110 §15.5.14 for 413)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
    b"strict-transport-security": b"max-age=31536000; includeSubDomains",
    b"cross-origin-resource-policy": b"same-site",
}
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
"""An API answers data, never a page: nothing may load from it (the interactive docs, when
exposed, keep the browser defaults)."""
DOCS = ("/docs", "/redoc")


class _TooLarge(Exception):
    pass


class HttpGuards:
    def __init__(
        self, app: ASGIApp, max_body_bytes: int, larger_bodies: dict[str, int] | None = None
    ):
        self._app = app
        self._default = max_body_bytes
        self._larger = [
            (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"), limit)
            for path, limit in (larger_bodies or {}).items()
        ]
        """Paths that take larger bodies (a bank statement upload), with their limit; a path
        may name its parameters (``/v1/expense-notes/{note_id}/receipts``)."""

    def _limit(self, path: str) -> int:
        return next(
            (limit for pattern, limit in self._larger if pattern.match(path)), self._default
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(scope, send, limit)
            return
        started = False
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in API_HEADERS.items() if n not in present]
                if b"content-security-policy" not in present and not scope["path"].startswith(DOCS):
                    headers.append((b"content-security-policy", API_CSP))
                message["headers"] = headers
            await send(message)

        try:
            await self._app(scope, bounded_receive, guarded_send)
        except _TooLarge:
            if not started:
                await self._too_large(scope, guarded_send, limit)

    async def _too_large(self, scope: Scope, send: Send, limit: int) -> None:
        body = json.dumps(
            {
                "type": "https://smart.coop/problems/too-large",
                "title": "Content Too Large",
                "status": 413,
                "detail": f"the request body may not exceed {limit} bytes",
                "instance": scope.get("path", ""),
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
