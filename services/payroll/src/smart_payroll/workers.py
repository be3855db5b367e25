"""A worker's personal numbers (IBAN, national number) sealed at rest, opened when used; each
bound to the worker's member id."""

from __future__ import annotations

from typing import Any

from smart_common.events.members import JobSnapshot, WorkerSnapshot
from smart_common.personal_data import PersonalDataCipher, masked


def sealed_worker(worker: dict[str, Any], cipher: PersonalDataCipher) -> dict[str, Any]:
    about = worker["member_id"]
    return worker | {
        "iban": cipher.seal(worker["iban"], about),
        "national_register_number": cipher.seal_optional(worker["national_register_number"], about),
    }


def opened_worker(worker: dict[str, Any], cipher: PersonalDataCipher) -> dict[str, Any]:
    about = worker["member_id"]
    return worker | {
        "iban": cipher.open(worker["iban"], about),
        "national_register_number": cipher.open_optional(worker["national_register_number"], about),
    }


class WorkerFiles:
    """The worker as payroll keeps them: their numbers sealed in stored contracts and
    declarations, opened only where used (a payslip, a gateway call), masked where shown."""

    def __init__(self, cipher: PersonalDataCipher):
        self._cipher = cipher

    def sealed_job(self, job: JobSnapshot) -> dict[str, Any]:
        stored = job.model_dump(mode="json")
        return stored | {"worker": sealed_worker(stored["worker"], self._cipher)}

    def opened_job(self, stored: dict[str, Any]) -> JobSnapshot:
        worker = opened_worker(stored["worker"], self._cipher)
        return JobSnapshot.model_validate(stored | {"worker": worker})

    def opened_worker(self, stored: dict[str, Any]) -> WorkerSnapshot:
        return WorkerSnapshot.model_validate(opened_worker(stored, self._cipher))

    def opened_body(self, declaration: dict[str, Any]) -> dict[str, Any]:
        """The declaration as sent: the worker's SSIN unsealed only for the gateway call."""
        body: dict[str, Any] = declaration["body"]
        if "ssin" not in body.get("worker", {}):
            return body
        ssin = self._cipher.open(body["worker"]["ssin"], declaration["member_id"])
        return body | {"worker": {"ssin": ssin}}

    def masked_ssin(self, sealed: str | None, member_id: str) -> str | None:
        return None if sealed is None else masked(self._cipher.open(sealed, member_id), 3)

    def masked_body(self, declaration: dict[str, Any]) -> dict[str, Any]:
        """The declaration as shown: the worker's SSIN masked."""
        body: dict[str, Any] = declaration["body"]
        if "ssin" not in body.get("worker", {}):
            return body
        ssin = self.masked_ssin(body["worker"]["ssin"], declaration["member_id"])
        return body | {"worker": {"ssin": ssin}}

    def sealed_number(self, number: str | None, member_id: str) -> str | None:
        return self._cipher.seal_optional(number, member_id)

    def sealed_worker(self, worker: WorkerSnapshot) -> dict[str, Any]:
        return sealed_worker(worker.model_dump(mode="json"), self._cipher)
