"""A principal takes back their proxy (staff: on their written word) until the vote opens; the
holder may then represent someone else."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound
from smart_governance.adapters.repositories import Assemblies, Proxies, Roll
from smart_governance.domain.assemblies import before_vote_problem
from smart_governance.schemas import Proxy
from smart_governance.views import proxy_view


class RevokeProxy(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self, principal: Principal, assembly_id: str, proxy_id: str) -> Proxy:
        async def revoke(tx: Transaction) -> Proxy:
            assembly = await Assemblies(tx).require(assembly_id, principal.entity)
            proxies = Proxies(tx)
            proxy = await proxies.get(proxy_id, assembly_id)
            if proxy is None or not principal.may_see(
                owner_id=proxy["principal_id"], entity=proxy["entity"]
            ):
                raise NotFound(f"no proxy {proxy_id}")
            problem = before_vote_problem(assembly["status"], "a proxy is revoked")
            if problem:
                raise Conflict(problem)
            now = self._clock.now()
            if not await proxies.revoke(proxy_id, now):
                raise Conflict(f"proxy {proxy_id} is {proxy['status']}")
            roll = Roll(tx)
            await roll.release_proxy(assembly_id, proxy["holder_id"])
            await roll.set_gave_proxy(assembly_id, proxy["principal_id"], False)
            return proxy_view(proxy | {"status": "revoked", "revoked_at": now})

        return await self._uow.run(revoke)
