"""Which address a login comes from, for its throttling: the peer, or — when the peer is one
of the deployment's own reverse proxies — the last address in ``X-Forwarded-For`` that is
not one of them (anything to its left may be forged by the client)."""

from __future__ import annotations

from fastapi import Request


def client_address(request: Request, trusted_proxies: frozenset[str]) -> str:
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted_proxies:
        return peer
    forwarded = [
        hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()
    ]
    for hop in reversed(forwarded):
        if hop not in trusted_proxies:
            return hop
    return peer
