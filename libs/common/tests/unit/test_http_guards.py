"""The HTTP edge: bounded bodies (413 as problem details), an API's security headers, CORS
for the configured origins only, docs and metrics behind settings."""

import httpx
from fastapi import FastAPI, Request

from smart_common.http_guards import HttpGuards


def guarded() -> FastAPI:
    app = FastAPI()

    @app.post("/v1/things")
    async def things(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    app.add_middleware(HttpGuards, max_body_bytes=1024)
    return app


async def call(app: FastAPI, method: str, path: str, **kwargs) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        return await client.request(method, path, **kwargs)


async def test_a_body_beyond_the_limit_is_refused_whether_declared_or_streamed():
    app = guarded()
    small = await call(app, "POST", "/v1/things", content=b"x" * 1000)
    assert small.status_code == 200 and small.json() == {"received": 1000}
    declared = await call(app, "POST", "/v1/things", content=b"x" * 2000)
    assert declared.status_code == 413
    assert declared.headers["content-type"] == "application/problem+json"

    async def chunks():
        for _ in range(4):
            yield b"y" * 512

    streamed = await call(app, "POST", "/v1/things", content=chunks())
    assert streamed.status_code == 413 and "1024 bytes" in streamed.json()["detail"]


async def test_api_answers_carry_the_security_headers():
    answer = await call(guarded(), "POST", "/v1/things", content=b"{}")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["referrer-policy"] == "no-referrer"


async def test_cors_for_the_portal_only_and_docs_behind_a_setting():
    from smart_collections.app import build_app
    from smart_collections.settings import CollectionsSettings

    app = build_app(
        CollectionsSettings(
            cors_allowed_origins=["https://portal.example"], expose_docs=False, expose_metrics=False
        )
    )
    preflight = {"Access-Control-Request-Method": "GET"}
    portal = await call(
        app, "OPTIONS", "/v1/receivables", headers=preflight | {"Origin": "https://portal.example"}
    )
    assert portal.headers["access-control-allow-origin"] == "https://portal.example"
    evil = await call(
        app, "OPTIONS", "/v1/receivables", headers=preflight | {"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in evil.headers
    for hidden in ("/docs", "/openapi.json", "/metrics"):
        assert (await call(app, "GET", hidden)).status_code == 404, hidden
