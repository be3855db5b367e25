"""What follows a hiring declaration once its job is cancelled: its cancellation filed, or
the news that it was withdrawn or cancelled."""

from __future__ import annotations

from typing import Any

from smart_common.persistence import Transaction
from smart_payroll.adapters.dimona import dimona_cancel_body
from smart_payroll.adapters.repositories import HiringDeclarations
from smart_payroll.domain.hiring_declarations import CANCELLATION, cancelled, new_declaration


async def request_cancellation(tx: Transaction, declaration: dict[str, Any]) -> None:
    """File the cancellation of an accepted declaration."""
    await HiringDeclarations(tx).add(
        new_declaration(
            CANCELLATION,
            about=declaration,
            body=dimona_cancel_body(period_id=declaration.get("period_id")),
            now=tx.clock.now(),
            cancels=declaration["_id"],
        )
    )


async def record_cancelled(tx: Transaction, declaration: dict[str, Any], result: str) -> None:
    # a background step: the event joins the saga's trace explicitly
    await tx.record_event(
        cancelled(declaration, result),
        subject=declaration["_id"],
        entity=declaration["entity"],
        correlation_id=declaration["job_id"],
        traceparent=declaration.get("traceparent"),
    )
