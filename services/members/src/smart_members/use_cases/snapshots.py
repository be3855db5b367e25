"""The member, their activity and their client as other contexts receive them in events."""

from __future__ import annotations

import base64
from typing import Any

from smart_common.events.members import (
    ActivitySnapshot,
    Address,
    ClientSnapshot,
    TaxSituation,
    WorkerSnapshot,
)
from smart_common.personal_data import PersonalDataCipher
from smart_common.worker_identity import WorkerIdentityChannel


class WorkerSnapshots:
    """The member as the employer must know them; the IBAN and the national number sealed
    for payroll alone (``WorkerIdentityChannel``)."""

    def __init__(self, personal_data: PersonalDataCipher, identities: WorkerIdentityChannel):
        self._personal_data = personal_data
        self._identities = identities

    def of(self, user: dict[str, Any]) -> WorkerSnapshot:
        worker = WorkerSnapshot(
            member_id=user["_id"],
            first_name=user["first_name"],
            last_name=user["last_name"],
            email=user["email"],
            iban=self._personal_data.open(user["iban"], user["_id"]),
            national_register_number=self._personal_data.open_optional(
                user.get("national_register_number"), user["_id"]
            ),
            address=Address(**user["address"]) if user.get("address") else None,
            tax_situation=(
                TaxSituation(**user["tax_situation"]) if user.get("tax_situation") else None
            ),
            language=user.get("language", "fr"),
        )
        return self._identities.sealed(worker)


def activity_snapshot(
    user: dict[str, Any], named: dict[str, Any] | None = None
) -> ActivitySnapshot | None:
    """How the job's documents present the member: the activity the job belongs to when the
    member opened it themselves (its name and logo), else the profile's activity."""
    activity = user.get("activity")
    if named is not None and not named.get("opened_by_first_job", True) and named.get("name"):
        logo = named.get("logo")
        return ActivitySnapshot(
            name=named["name"],
            recognised_training=bool(activity and activity.get("recognised_training")),
            logo=base64.b64encode(logo).decode("ascii") if logo else None,
        )
    if not activity:
        return None
    logo = activity.get("logo")
    return ActivitySnapshot(
        name=activity["name"],
        recognised_training=bool(activity.get("recognised_training")),
        logo=base64.b64encode(logo).decode("ascii") if logo else None,
    )


def client_snapshot(client: dict[str, Any]) -> ClientSnapshot:
    return ClientSnapshot(
        client_id=client["_id"],
        name=client["name"],
        kind=client["kind"],
        vat_number=client["vat_number"],
        address=Address(**client["address"]),
        email=client["email"],
        language=client["language"],
        peppol_id=client.get("peppol_id"),
    )
