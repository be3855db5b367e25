"""The AsyncAPI documents of the services, generated from code and kept in the repository."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from smart_devstack.stack import SERVICES


def generated_asyncapi(service: str) -> dict[str, Any]:
    module = importlib.import_module(f"smart_{service}.app")
    return module.asyncapi()


def asyncapi_path(root: Path, service: str) -> Path:
    return root / "services" / service / "asyncapi.json"


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write_asyncapi_documents(root: Path) -> list[Path]:
    written = []
    for service in SERVICES:
        path = asyncapi_path(root, service)
        path.write_text(render(generated_asyncapi(service)), encoding="utf-8")
        written.append(path)
    return written
