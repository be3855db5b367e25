"""What changing staff requires, shared by granting and withdrawing roles and assigning a
counsellor: an administrator of the deployment's entity, a person of that entity, an audit
line in the same transaction as the change."""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.auth import Principal, Role
from smart_common.clock import Clock
from smart_common.persistence import Transaction
from smart_common.problems import Forbidden, NotFound
from smart_members.adapters.repositories import StaffAudit, Users

GRANTABLE = (Role.COUNSELLOR, Role.ADMIN, Role.INTEGRATOR)


def require_admin(principal: Principal, entity: str) -> None:
    if Role.ADMIN not in principal.roles or principal.entity != entity:
        raise Forbidden(f"administrators of entity {entity} only")


async def person_of(tx: Transaction, member_id: str, entity: str) -> dict[str, Any]:
    user = await Users(tx).get(member_id)
    if user is None or user["entity"] != entity:
        raise NotFound(f"no member {member_id} in entity {entity}")
    return user


async def audit(
    tx: Transaction, clock: Clock, principal: Principal, action: str, member_id: str, **what: str
) -> None:
    await StaffAudit(tx).record(
        {
            "_id": str(uuid.uuid4()),
            "entity": principal.entity,
            "by": principal.subject,
            "at": clock.now(),
            "action": action,
            "member_id": member_id,
            **what,
        }
    )
