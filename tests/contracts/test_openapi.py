"""Every route's success answer has a schema a client can be generated from.

A route answering ``dict[str, Any]`` documents an untyped object: a route without a response
model fails here. Documents (PDF, XML, metrics text) are described by their media type.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from smart_common.problems import PROBLEM_JSON
from smart_devstack.stack import SERVICES


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
    assert not found, f"{service}: routes without a response model: {sorted(found)}"


def routes_without_problems(service: str) -> set[str]:
    """The business routes (under /v1) that document none of their error answers as RFC 9457
    problem details."""
    app = importlib.import_module(f"smart_{service}.app").build_app()
    found = set()
    for path, operations in app.openapi()["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in operations.items():
            problems = [
                status
                for status, answer in operation.get("responses", {}).items()
                if status.startswith("4") and PROBLEM_JSON in answer.get("content", {})
            ]
            if not problems:
                found.add(f"{method.upper()} {path}")
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_routes_document_their_problems(service):
    found = routes_without_problems(service)
    assert not found, f"{service}: routes documenting no problem answer: {sorted(found)}"
