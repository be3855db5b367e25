"""How stored documents are shown over HTTP: the id under its name, dates as ISO 8601."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

INTERNAL_FIELDS = frozenset({"traceparent"})


def _shown(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown(item) for item in value]
    return value


def public_document(
    document: dict[str, Any], id_name: str, *, hidden: Iterable[str] = ()
) -> dict[str, Any]:
    """``_id`` becomes ``id_name``; internal and ``hidden`` fields are left out."""
    left_out = INTERNAL_FIELDS | set(hidden) | {"_id"}
    public = {id_name: document["_id"]}
    public.update({key: _shown(value) for key, value in document.items() if key not in left_out})
    return public
