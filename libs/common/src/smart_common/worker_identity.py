"""The worker's identity in events, readable by members and payroll only.

Members collects the IBAN and the national register number; payroll, the employer, declares
the worker to social security and pays them. Every other subscriber of ``job.declared``,
``contract.generated`` or ``long_contract.declared`` (invoicing, collections, integrators) gets
ciphertext: both fields travel sealed with a key only those two services hold
(``SMART_WORKER_IDENTITY_KEY``, distinct from each service's key for data at rest). Payroll
opens them at its consumer, before anything else reads the event (GDPR art. 5(1)(f) and 32:
integrity and confidentiality, encryption of personal data).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Self

from pydantic import Field, SecretStr, model_validator

from smart_common.events.members import JobSnapshot, WorkerSnapshot
from smart_common.personal_data import PersonalDataCipher
from smart_common.settings import Environment, ServiceSettings

DEVELOPMENT_WORKER_IDENTITY_KEY = "ZGV2ZWxvcG1lbnQtd29ya2VyLWlkZW50aXR5LWtleS0="


class WorkerIdentitySettings(ServiceSettings):
    """Settings of the two services that read the worker's identity in events."""

    worker_identity_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_WORKER_IDENTITY_KEY),
        description=(
            "URL-safe base64 of 32 bytes, the same in members and payroll only: seals the "
            "worker's IBAN and national register number in events"
        ),
    )

    @model_validator(mode="after")
    def _worker_identity_key_is_set(self) -> Self:
        secret = self.worker_identity_key.get_secret_value()
        try:
            key = base64.urlsafe_b64decode(secret)
        except ValueError as error:
            raise ValueError("SMART_WORKER_IDENTITY_KEY must be URL-safe base64") from error
        if len(key) != 32:
            raise ValueError("SMART_WORKER_IDENTITY_KEY must encode exactly 32 bytes")
        if self.environment is Environment.PRODUCTION and secret == DEVELOPMENT_WORKER_IDENTITY_KEY:
            raise ValueError("SMART_WORKER_IDENTITY_KEY must be set outside development")
        if secret == self.personal_data_key.get_secret_value():
            raise ValueError(
                "SMART_WORKER_IDENTITY_KEY must differ from SMART_PERSONAL_DATA_KEY: every "
                "service holds the latter"
            )
        return self


class WorkerIdentityChannel:
    """Seals the worker's identity into an event, and opens it at the consumer."""

    def __init__(self, key: SecretStr):
        self._cipher = PersonalDataCipher(key)

    def sealed(self, worker: WorkerSnapshot) -> WorkerSnapshot:
        return _transformed(worker, self._cipher.seal)

    def opened(self, worker: WorkerSnapshot) -> WorkerSnapshot:
        return _transformed(worker, self._cipher.open)

    def sealed_job(self, job: JobSnapshot) -> JobSnapshot:
        return job.model_copy(update={"worker": self.sealed(job.worker)})

    def opened_job(self, job: JobSnapshot) -> JobSnapshot:
        return job.model_copy(update={"worker": self.opened(job.worker)})

    def seal_number(self, number: str, member_id: str) -> str:
        return self._cipher.seal(number, member_id)

    def open_number(self, sealed: str, member_id: str) -> str:
        return self._cipher.open(sealed, member_id)


def _transformed(worker: WorkerSnapshot, transform: Callable[[str, str], str]) -> WorkerSnapshot:
    """The worker with its IBAN and national number (when known) passed through ``transform``,
    bound to the worker's member id."""
    number = worker.national_register_number
    about = worker.member_id
    return worker.model_copy(
        update={
            "iban": transform(worker.iban, about),
            "national_register_number": None if number is None else transform(number, about),
        }
    )
