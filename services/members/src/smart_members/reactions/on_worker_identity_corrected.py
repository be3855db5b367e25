"""Payroll corrected the worker's national number on a refused declaration: the member's
profile takes it, so the next job declares the right person."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import WorkerIdentityCorrected
from smart_common.persistence import Transaction
from smart_common.personal_data import PersonalDataCipher
from smart_common.worker_identity import WorkerIdentityChannel
from smart_members.adapters.repositories import Users
from smart_members.domain.identity import normalise_national_register_number
from smart_members.domain.jobs import Step, TimelineStep
from smart_members.reactions.timeline import record_steps


class OnWorkerIdentityCorrected(EventReaction):
    consumer = "members-identities"
    handles = (WorkerIdentityCorrected,)

    def __init__(self, personal_data: PersonalDataCipher, identities: WorkerIdentityChannel):
        self._personal_data = personal_data
        self._identities = identities

    async def handle(
        self, data: WorkerIdentityCorrected, envelope: Envelope, tx: Transaction
    ) -> None:
        user = await Users(tx).get(data.member_id)
        if user is None:
            raise LookupError(f"member {data.member_id} not found for {envelope.type}")
        number = normalise_national_register_number(
            self._identities.open_number(data.national_register_number, data.member_id),
            user["entity"],
        )
        await Users(tx).set_profile(
            data.member_id,
            {"national_register_number": self._personal_data.seal(number, data.member_id)},
        )
        await record_steps(
            tx,
            [
                TimelineStep(
                    job_id=data.job_id,
                    step=Step.IDENTITY_CORRECTED,
                    document_id=data.declaration_id,
                    at=envelope.time,
                    event_type=envelope.type,
                    detail="national register number corrected by a counsellor",
                )
            ],
        )
