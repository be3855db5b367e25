"""Who may run salary payment batches, and how a stored batch is found."""

from __future__ import annotations

from typing import Any

from smart_common.auth import Principal, require_admin
from smart_common.persistence import UnitOfWork
from smart_common.problems import NotFound
from smart_payroll.adapters.repositories import PAYMENT_BATCHES


async def batch_of(uow: UnitOfWork, principal: Principal, batch_id: str) -> dict[str, Any]:
    require_admin(principal)
    batch = await uow.find_one(PAYMENT_BATCHES, {"_id": batch_id})
    if batch is None or batch["entity"] != principal.entity:
        raise NotFound("no such payment batch")
    return batch
