"""Every route's success answer has a schema a client can be generated from.

A route answering ``dict[str, Any]`` documents an untyped object. The routes listed in
``UNTYPED`` are the ones left from before the typed boundary: the list may only shrink. A new
route without a response model fails here, and so does a listed route that gained one (remove
it from the list).
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from smart_devstack.stack import SERVICES

UNTYPED: dict[str, set[str]] = {
    "members": {
        "GET /asyncapi.json",
    },
    "invoicing": {
        "GET /asyncapi.json",
    },
    "payroll": {
        "GET /asyncapi.json",
    },
    "collections": {
        "GET /asyncapi.json",
    },
    "governance": {
        "GET /asyncapi.json",
    },
}


def _typed(schema: dict[str, Any]) -> bool:
    if "$ref" in schema:
        return True
    if schema.get("type") == "array":
        return _typed(schema.get("items", {}))
    return False


def untyped_routes(service: str) -> set[str]:
    app = importlib.import_module(f"smart_{service}.app").build_app()
    found = set()
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation.get("responses", {}).items():
                if not status.startswith("2") or "content" not in answer:
                    continue
                if set(answer["content"]) != {"application/json"}:
                    continue  # a document (PDF, XML, text): its media type says what it is
                if not _typed(answer["content"]["application/json"].get("schema", {})):
                    found.add(f"{method.upper()} {path}")
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_routes_answer_documented_schemas(service):
    found = untyped_routes(service)
    known = UNTYPED.get(service, set())
    assert not found - known, f"{service}: routes without a response model: {found - known}"
    assert not known - found, f"{service}: typed now, remove from UNTYPED: {known - found}"
