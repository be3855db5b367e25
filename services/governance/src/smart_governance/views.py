"""Stored documents as the API answers them."""

from __future__ import annotations

from typing import Any

from smart_common.representation import public_document
from smart_governance.schemas import Assembly, Proxy


def assembly_view(assembly: dict[str, Any]) -> Assembly:
    return Assembly.model_validate(public_document(assembly, "assembly_id"))


def proxy_view(proxy: dict[str, Any]) -> Proxy:
    return Proxy.model_validate(public_document(proxy, "proxy_id"))
