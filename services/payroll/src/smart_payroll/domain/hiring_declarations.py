"""A hiring declaration's life (pure): ``to_submit`` → ``submitting`` (claimed) → ``submitted``
(polled) → ``accepted`` | ``refused``; ``withdrawn`` when its job is cancelled before it went
out. Its kinds: the scheme's declaration (``dimona``, ``dpae``), and for a Dimona its
cancellation and its update (a long contract ended early)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from smart_common.events.payroll import (
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
)
from smart_payroll.adapters.dimona import DeclarationResult

CANCELLATION = "dimona_cancel"
UPDATE = "dimona_update"
FOLLOW_UPS = (CANCELLATION, UPDATE)
"""Kinds that change a declaration already made (filed through the Dimona gateway)."""


def new_declaration(
    kind: str,
    *,
    about: dict[str, Any],
    body: dict[str, Any],
    now: datetime,
    submit_after: datetime | None = None,
    **links: Any,
) -> dict[str, Any]:
    """A declaration to submit, for the contract ``about`` names (``contract_id``, ``job_id``,
    ``member_id``, ``entity``, and the saga's ``traceparent`` when known); ``links`` name the
    declaration it cancels or updates."""
    declaration = {
        "_id": str(uuid.uuid4()),
        "kind": kind,
        **links,
        "contract_id": about["contract_id"],
        "job_id": about["job_id"],
        "member_id": about["member_id"],
        "entity": about["entity"],
        "status": "to_submit",
        "body": body,
        "traceparent": about.get("traceparent"),
        "created_at": now,
    }
    if submit_after is not None:
        declaration["submit_after"] = submit_after
    return declaration


def cancelled(declaration: dict[str, Any], result: str) -> HiringDeclarationCancelled:
    return HiringDeclarationCancelled(
        declaration_id=declaration["_id"],
        kind=declaration["kind"],
        contract_id=declaration["contract_id"],
        job_id=declaration["job_id"],
        result=result,
    )


def concluded(
    declaration: dict[str, Any], result: DeclarationResult
) -> HiringDeclarationAccepted | HiringDeclarationRefused:
    if result.accepted:
        return HiringDeclarationAccepted(
            declaration_id=declaration["_id"],
            kind=declaration["kind"],
            contract_id=declaration["contract_id"],
            job_id=declaration["job_id"],
            result=result.result,
            external_id=result.declaration_id,
        )
    return HiringDeclarationRefused(
        declaration_id=declaration["_id"],
        kind=declaration["kind"],
        contract_id=declaration["contract_id"],
        job_id=declaration["job_id"],
        anomalies=result.anomalies,
    )
