"""Traces keep a request's path, never its query string (a signed link's token)."""

import httpx
from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from smart_common.http import without_query


async def test_a_token_in_the_query_string_never_reaches_a_span():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = FastAPI()

    @app.get("/v1/quotes/{quote_id}/acceptance")
    async def acceptance(quote_id: str, token: str) -> dict[str, str]:
        return {"quote_id": quote_id}

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, server_request_hook=without_query
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://invoicing") as client:
        answer = await client.get("/v1/quotes/q-1/acceptance", params={"token": "s3cret-token"})
    assert answer.status_code == 200
    spans = exporter.get_finished_spans()
    assert spans
    for span in spans:
        assert "s3cret-token" not in repr(dict(span.attributes or {})), span.attributes
    server = next(span for span in spans if span.attributes.get("http.target"))
    assert server.attributes["http.target"] == "/v1/quotes/q-1/acceptance"
