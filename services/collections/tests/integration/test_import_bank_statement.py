"""A statement upload's size: within the service's limit it is read, above the statement limit
the file is refused with a 422 saying so, far above it the body is refused before it is read
(413), and nothing is recorded."""

from __future__ import annotations

from datetime import date

from smart_collections.app import build_app
from smart_collections.settings import CollectionsSettings
from smart_common.auth import Role, TokenCodec
from smart_common.clock import ShiftedClock
from smart_devstack.testing import serving

MIB = 1024 * 1024


async def test_a_statement_larger_than_the_limit_is_refused_with_the_reason(infrastructure):
    settings = CollectionsSettings(
        **infrastructure.settings_env("collections"), bank_statement_max_bytes=MIB
    )
    app = build_app(settings, clock=ShiftedClock(date(2026, 11, 20)))
    async with serving(app) as client:
        admin = TokenCodec(settings).issue("admin-1", "BE", frozenset({Role.ADMIN}))
        client.headers["Authorization"] = f"Bearer {admin}"

        async def upload(size: int):
            return await client.post(
                "/v1/bank-statements", files={"file": ("s.xml", b" " * size, "application/xml")}
            )

        small = await upload(10_000)
        assert small.status_code == 422 and "namespace" in small.json()["detail"]
        large = await upload(MIB + 100_000)  # above the statement's limit: the service says so
        assert large.status_code == 422
        assert "larger than the 1,048,576 bytes" in large.json()["detail"]
        huge = await upload(3 * MIB)  # above the body limit of the route: not even read
        assert huge.status_code == 413
        assert (await client.get("/v1/bank-statements")).json() == []
        # the other routes keep the service's default body limit
        payment = await client.post(
            "/v1/payments",
            content=b"{" + b" " * (3 * MIB) + b"}",
            headers={"content-type": "application/json", "Idempotency-Key": "k"},
        )
        assert payment.status_code == 413
