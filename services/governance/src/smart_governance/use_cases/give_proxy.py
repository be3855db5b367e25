"""A shareholder of record gives their proxy to another for the assembly (staff: record a
signed one). One proxy per principal; a holder represents at most the statutes' number of
principals; a holder who gave their own proxy holds none. Until the vote opens."""

from __future__ import annotations

import uuid

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, Unprocessable
from smart_governance.adapters.repositories import Assemblies, Proxies, Roll
from smart_governance.domain.assemblies import before_vote_problem, proxy_problem
from smart_governance.schemas import Proxy, ProxyIn
from smart_governance.views import proxy_view


class GiveProxy(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, assembly_id: str, request: ProxyIn) -> Proxy:
        principal_id = request.principal_id or principal.subject
        if principal_id != principal.subject and not principal.is_staff:
            raise Forbidden("members give their own proxy only")

        async def give(tx: Transaction) -> Proxy:
            assembly = await Assemblies(tx).require(assembly_id, principal.entity)
            problem = before_vote_problem(assembly["status"], "proxies are given")
            if problem:
                raise Conflict(problem)
            roll, proxies = Roll(tx), Proxies(tx)
            holder = await roll.get(assembly_id, request.holder_id)
            own = await roll.get(assembly_id, principal_id)
            problem = proxy_problem(
                principal_id,
                request.holder_id,
                principal_on_roll=own is not None,
                holder_on_roll=holder is not None,
                holder_gave_one=bool(holder and holder["gave_proxy"]),
            )
            if problem:
                raise Unprocessable(problem)
            if own and own["proxies_held"]:
                raise Conflict(
                    f"{principal_id} represents {own['proxies_held']} members: a proxy holder "
                    "does not pass on their proxies"
                )
            given = await proxies.given_by(assembly_id, principal_id)
            if given is not None:
                raise Conflict(
                    f"{principal_id} gave their proxy to {given['holder_id']} already: revoke it "
                    "first"
                )
            if not await roll.hold_proxy(assembly_id, request.holder_id, assembly["max_proxies"]):
                raise Conflict(
                    f"{request.holder_id} holds {assembly['max_proxies']} proxies already, the "
                    "most the statutes allow"
                )
            await roll.set_gave_proxy(assembly_id, principal_id, True)
            proxy = {
                "_id": str(uuid.uuid4()),
                "assembly_id": assembly_id,
                "entity": principal.entity,
                "principal_id": principal_id,
                "holder_id": request.holder_id,
                "status": "active",
                "given_at": self._clock.now(),
                "recorded_by": principal.subject,
                "revoked_at": None,
            }
            await proxies.add(proxy)
            return proxy_view(proxy)

        return await self._uow.run(give)
