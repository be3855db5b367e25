"""A shareholder of record attends: on site (staff sign them in) or online (the member
themselves). The first arrival counts; a voter online is recorded as they cast their ballot."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden
from smart_governance.adapters.repositories import Assemblies, Attendance, Roll
from smart_governance.schemas import Attendance as AttendanceOut
from smart_governance.schemas import AttendanceIn


class RecordAttendance(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, assembly_id: str, request: AttendanceIn
    ) -> AttendanceOut:
        member_id = request.member_id or principal.subject
        if (member_id != principal.subject or request.mode == "present") and not principal.is_staff:
            raise Forbidden("staff sign members in on site; a member attends online themselves")

        async def attend(tx: Transaction) -> AttendanceOut:
            assembly = await Assemblies(tx).require(assembly_id, principal.entity)
            if assembly["status"] == "closed":
                raise Conflict("the assembly's vote is closed")
            if await Roll(tx).get(assembly_id, member_id) is None:
                raise Forbidden(f"{member_id} is not a shareholder of record at the record date")
            recorded = await Attendance(tx).record(
                assembly_id, member_id, request.mode, self._clock.now()
            )
            return AttendanceOut(
                assembly_id=assembly_id, member_id=member_id, mode=request.mode, recorded=recorded
            )

        return await self._uow.run(attend)
