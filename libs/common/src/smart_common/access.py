"""Who may read which document: members their own, staff every document of their entity."""

from __future__ import annotations

from typing import Any

from smart_common.auth import Principal
from smart_common.persistence import Document, UnitOfWork
from smart_common.problems import NotFound


def visible_scope(principal: Principal) -> dict[str, Any]:
    """The filter selecting the documents a principal may list."""
    if principal.is_staff:
        return {"entity": principal.entity}
    return {"member_id": principal.subject}


async def find_visible(
    uow: UnitOfWork, collection: str, query: Document, principal: Principal, what: str
) -> Document:
    """The document, or 404 (also when it exists but is not the principal's to see)."""
    document = await uow.find_one(collection, query)
    if document is None or not principal.may_see(
        owner_id=document["member_id"], entity=document["entity"]
    ):
        raise NotFound(f"no such {what}")
    return document
