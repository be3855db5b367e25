"""The FastAPI application shared shape: lifespan, problems, health, readiness, metrics, docs."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CONTENT_TYPE_LATEST, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from smart_common import operations
from smart_common.http_guards import HttpGuards
from smart_common.problems import install_problem_handlers
from smart_common.runtime import ServiceRuntime

HTTP_SECONDS = Histogram(
    "smart_http_request_seconds", "HTTP request duration", ["method", "route", "status"]
)


class Health(BaseModel):
    status: str = Field(description="ok while the process serves requests")
    service: str


class Readiness(BaseModel):
    status: str = Field(description="ready, or not ready (answered 503)")
    checks: dict[str, str] = Field(description="Per dependency (database, broker): ok or why not")


class AsyncApiDocument(BaseModel):
    """An AsyncAPI 3.0 document (https://www.asyncapi.com/docs/reference/specification/v3.0.0):
    the events the service publishes and consumes, their channels and message schemas."""

    model_config = ConfigDict(extra="allow")
    asyncapi: str = Field(description="The specification's version: 3.0.0")
    info: dict[str, Any]
    channels: dict[str, Any]
    operations: dict[str, Any]
    components: dict[str, Any]


def runtime_of(request: Request) -> ServiceRuntime:
    return request.app.state.runtime


Runtime = Annotated[ServiceRuntime, Depends(runtime_of)]


def without_query(span: Any, scope: dict[str, Any]) -> None:
    """Spans keep the path, never the query string: it may hold a signed link's token (a
    quote's acceptance, a verification) that traces must not carry."""
    if span is None or not span.is_recording() or not scope.get("query_string"):
        return
    path = scope.get("path", "")
    span.set_attribute("http.target", path)
    span.set_attribute("url.query", "(redacted)")
    for name in ("http.url", "url.full"):
        span.set_attribute(name, f"{scope.get('scheme', 'http')}://{_host(scope)}{path}")


def _host(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            return str(value.decode("latin-1"))
    server = scope.get("server") or ("localhost", None)
    return f"{server[0]}:{server[1]}" if server[1] else str(server[0])


class RequestSeconds:
    """Each request's duration by method, route and status (a plain ASGI middleware: Starlette's
    ``BaseHTTPMiddleware`` costs a task and a stream per request)."""

    def __init__(self, app: ASGIApp):
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self._app(scope, receive, sending)
        finally:
            path = getattr(scope.get("route"), "path", "unmatched")
            HTTP_SECONDS.labels(scope["method"], path, str(status)).observe(
                time.perf_counter() - started
            )


def create_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str,
    routers: Iterable[APIRouter],
    asyncapi: dict[str, Any],
    container: Any,
    larger_bodies: dict[str, int] | None = None,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    settings = runtime.settings
    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        docs_url="/docs" if settings.expose_docs else None,
        redoc_url="/redoc" if settings.expose_docs else None,
        openapi_url="/openapi.json" if settings.expose_docs else None,
    )
    app.add_middleware(
        HttpGuards, max_body_bytes=settings.max_request_bytes, larger_bodies=larger_bodies
    )
    if settings.cors_allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_allowed_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
            expose_headers=["Location", "Retry-After"],
        )
    app.state.runtime = runtime
    app.state.token_codec = runtime.token_codec
    app.state.container = container
    install_problem_handlers(app)

    app.add_middleware(RequestSeconds)

    @app.get("/health", tags=["operations"], summary="Liveness")
    async def health() -> Health:
        return Health(status="ok", service=runtime.settings.service_name)

    @app.get(
        "/ready",
        tags=["operations"],
        summary="Readiness: database and broker reachable",
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "A dependency is not reachable"}},
    )
    async def ready() -> JSONResponse:
        checks = await runtime.readiness()
        ok = all(value == "ok" for value in checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "checks": checks},
            status_code=200 if ok else 503,
        )

    if settings.expose_metrics:

        @app.get(
            "/metrics",
            tags=["operations"],
            summary="Prometheus metrics",
            response_class=PlainTextResponse,
            responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
        )
        async def metrics() -> Response:
            return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    document = AsyncApiDocument.model_validate(asyncapi)

    @app.get("/asyncapi.json", tags=["operations"], summary="AsyncAPI 3 description of events")
    async def asyncapi_document() -> AsyncApiDocument:
        return document

    for router in (*routers, operations.router):
        app.include_router(router)
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=runtime.tracer_provider,
        excluded_urls="health,ready,metrics",
        server_request_hook=without_query,
    )
    return app
