"""A shareholder of record stands for the board in a category they hold (staff: record a
candidacy), until the vote opens."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, Unprocessable
from smart_governance.adapters.repositories import Assemblies, Candidacies, Roll
from smart_governance.domain.assemblies import ELECTION, before_vote_problem
from smart_governance.schemas import Candidacy, CandidacyIn


class StandForElection(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, assembly_id: str, request: CandidacyIn
    ) -> Candidacy:
        member_id = request.member_id or principal.subject
        if member_id != principal.subject and not principal.is_staff:
            raise Forbidden("members stand for themselves only")

        async def stand(tx: Transaction) -> Candidacy:
            assembly = await Assemblies(tx).require(assembly_id, principal.entity)
            problem = before_vote_problem(assembly["status"], "candidacies are received")
            if problem:
                raise Conflict(problem)
            items = {item["item_id"]: item for item in assembly["agenda"]}
            item = items.get(request.item_id)
            if item is None or item["decision"] != ELECTION:
                raise Unprocessable(f"item_id: {request.item_id} is no election of the agenda")
            if request.category not in item["seats"]:
                raise Unprocessable(f"category: the board has no seats of {request.category}")
            entry = await Roll(tx).get(assembly_id, member_id)
            if entry is None or request.category not in entry["categories"]:
                raise Unprocessable(
                    f"category: {member_id} holds no shares of category {request.category} at "
                    "the record date"
                )
            recorded = await Candidacies(tx).add(
                {
                    "_id": f"{assembly_id}:{request.item_id}:{member_id}",
                    "assembly_id": assembly_id,
                    "item_id": request.item_id,
                    "member_id": member_id,
                    "category": request.category,
                    "at": self._clock.now(),
                }
            )
            return Candidacy(
                assembly_id=assembly_id,
                item_id=request.item_id,
                member_id=member_id,
                category=request.category,
                recorded=recorded,
            )

        return await self._uow.run(stand)
