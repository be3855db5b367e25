"""Who may run salary payment batches, and how a stored batch is found."""

from __future__ import annotations

from typing import Any

from smart_common.auth import Principal, Role
from smart_common.persistence import UnitOfWork
from smart_common.problems import Forbidden, NotFound
from smart_payroll.adapters.repositories import PAYMENT_BATCHES


def require_admin(principal: Principal) -> None:
    if Role.ADMIN not in principal.roles:
        raise Forbidden("salary payment batches are prepared by an administrator")


async def batch_of(uow: UnitOfWork, principal: Principal, batch_id: str) -> dict[str, Any]:
    require_admin(principal)
    batch = await uow.find_one(PAYMENT_BATCHES, {"_id": batch_id})
    if batch is None or batch["entity"] != principal.entity:
        raise NotFound("no such payment batch")
    return batch
