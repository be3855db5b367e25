"""The AsyncAPI documents kept in the repository match the code; breaking changes are named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smart_devstack.contracts import asyncapi_path, generated_asyncapi, render
from smart_devstack.stack import SERVICES

ROOT = Path(__file__).resolve().parents[2]


def breaking_changes(kept: dict[str, Any], generated: dict[str, Any]) -> list[str]:
    """What a consumer of the kept contract would no longer find (same versioned type)."""
    problems = []
    kept_messages = kept["components"]["messages"]
    new_messages = generated["components"]["messages"]
    kept_schemas, new_schemas = kept["components"]["schemas"], generated["components"]["schemas"]
    for name, message in kept_messages.items():
        if name not in new_messages:
            problems.append(f"message {message['name']} was removed")
            continue
        if new_messages[name]["name"] != message["name"]:
            continue  # a new version of the type: consumers of the old one are unaffected
        old, new = kept_schemas[name], new_schemas[name]
        for field, definition in old.get("properties", {}).items():
            if field not in new.get("properties", {}):
                problems.append(f"{message['name']}: field {field} was removed")
            elif definition.get("type") != new["properties"][field].get("type"):
                problems.append(f"{message['name']}: field {field} changed type")
        for field in set(new.get("required", [])) - set(old.get("required", [])):
            problems.append(f"{message['name']}: field {field} became required")
    return problems


@pytest.mark.parametrize("service", SERVICES)
def test_kept_asyncapi_matches_the_code(service):
    path = asyncapi_path(ROOT, service)
    kept = json.loads(path.read_text(encoding="utf-8"))
    generated = generated_asyncapi(service)
    problems = breaking_changes(kept, generated)
    assert not problems, f"breaking event contract change, publish a new version: {problems}"
    assert path.read_text(encoding="utf-8") == render(generated), (
        f"{path} is out of date: run `make asyncapi` and commit the result"
    )


def test_a_removed_field_is_reported_as_breaking():
    kept = generated_asyncapi("invoicing")
    changed = json.loads(json.dumps(kept))
    del changed["components"]["schemas"]["InvoiceSent"]["properties"]["payment_reference"]
    assert breaking_changes(kept, changed) == [
        "coop.smart.invoicing.invoice.sent.v1: field payment_reference was removed"
    ]
