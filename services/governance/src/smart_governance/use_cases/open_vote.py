"""The board opens the ballot box: proxies are fixed from then on; it closes at ``closes_at``
(the close worker) or by hand."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Unprocessable
from smart_governance.adapters.repositories import Assemblies
from smart_governance.schemas import Assembly, VotingIn
from smart_governance.views import assembly_view


class OpenVote(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, assembly_id: str, request: VotingIn) -> Assembly:
        now = self._clock.now()
        if request.closes_at is not None and request.closes_at <= now:
            raise Unprocessable("closes_at: the ballot box closes after it opens")

        async def open_(tx: Transaction) -> Assembly:
            assemblies = Assemblies(tx)
            assembly = await assemblies.require(assembly_id, principal.entity)
            voting = {"opened_at": now, "closes_at": request.closes_at, "closed_at": None}
            if not await assemblies.move(
                assembly_id, "convened", {"status": "voting", "voting": voting}
            ):
                raise Conflict(f"the assembly is {assembly['status']}: its vote opens once")
            return assembly_view(assembly | {"status": "voting", "voting": voting})

        return await self._uow.run(open_)
