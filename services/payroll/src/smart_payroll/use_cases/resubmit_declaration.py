"""A counsellor corrects a refused hiring declaration and submits it again; the job, blocked on
its timeline, continues once it is accepted. A corrected national number goes where it is used
later (the contract: payslip and DmfA line) and back to members (the member's profile)."""

from __future__ import annotations

from stdnum.be import nn as belgian_national_number
from stdnum.exceptions import ValidationError

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.payroll import WorkerIdentityCorrected
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, NotFound, Unprocessable
from smart_common.worker_identity import WorkerIdentityChannel
from smart_payroll.adapters.repositories import (
    HIRING_DECLARATIONS,
    Contracts,
    HiringDeclarations,
)
from smart_payroll.domain.hiring_declarations import FOLLOW_UPS
from smart_payroll.schemas import CorrectionIn, HiringDeclaration
from smart_payroll.workers import WorkerFiles


class ResubmitDeclaration(UseCase):
    raises = (WorkerIdentityCorrected,)

    def __init__(
        self,
        uow: UnitOfWork,
        workers: WorkerFiles,
        identities: WorkerIdentityChannel,
        clock: Clock,
    ):
        self._uow = uow
        self._workers = workers
        self._identities = identities
        self._clock = clock

    async def __call__(
        self, principal: Principal, declaration_id: str, correction: CorrectionIn
    ) -> HiringDeclaration:
        if not principal.is_staff:
            raise Forbidden("a counsellor or an administrator corrects refused declarations")
        declaration = await self._uow.find_one(HIRING_DECLARATIONS, {"_id": declaration_id})
        if declaration is None or declaration["entity"] != principal.entity:
            raise NotFound("no such declaration")
        if declaration["status"] != "refused" or declaration["kind"] in FOLLOW_UPS:
            raise Conflict(
                f"the declaration is {declaration['status']}: only a refused hiring declaration"
            )
        body = declaration["body"]
        ssin = None
        if correction.national_register_number is not None:
            try:
                ssin = belgian_national_number.validate(correction.national_register_number)
            except ValidationError as error:
                raise Unprocessable(
                    f"national_register_number: not a valid Belgian national register number "
                    f"({error})"
                ) from error
            body["worker"] = {"ssin": self._workers.sealed_number(ssin, declaration["member_id"])}
        if correction.planned_hours is not None:
            body["dimonaIn"]["plannedHoursNumber"] = correction.planned_hours

        async def resubmit(tx: Transaction) -> HiringDeclaration:
            declarations = HiringDeclarations(tx)
            corrected = {
                "result": declaration.get("result"),
                "anomalies": declaration.get("anomalies"),
                "corrected_by": principal.subject,
                "corrected_at": self._clock.now(),
            }
            if not await declarations.resubmit(declaration_id, body, corrected):
                raise Conflict("the declaration changed meanwhile")
            if ssin is not None:
                sealed = self._workers.sealed_number(ssin, declaration["member_id"])
                assert sealed is not None
                await Contracts(tx).set_worker_number(declaration["contract_id"], sealed)
                await tx.record_event(
                    WorkerIdentityCorrected(
                        declaration_id=declaration["_id"],
                        job_id=declaration["job_id"],
                        member_id=declaration["member_id"],
                        national_register_number=self._identities.seal_number(
                            ssin, declaration["member_id"]
                        ),
                    ),
                    subject=declaration["member_id"],
                    entity=declaration["entity"],
                    correlation_id=declaration["job_id"],
                )
            stored = await declarations.get(declaration_id)
            assert stored is not None
            return HiringDeclaration.of(stored, self._workers)

        return await self._uow.run(resubmit)
