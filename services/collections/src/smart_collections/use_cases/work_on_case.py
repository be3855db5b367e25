"""The collections team works a case: who follows it, what was said and promised (notes, a
promised payment date), and how it ended (paid, a payment plan, written off, handed to a
lawyer, withdrawn). Every change says who made it and when; a closed case changes no more."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from smart_collections.adapters.repositories import COLLECTION_CASES
from smart_collections.schemas import CaseAssignment, CaseNoteIn, CaseOutcomeIn, CollectionCase
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound
from smart_common.representation import public_document


class WorkOnCase(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def _change(
        self, principal: Principal, case_id: str, update: dict[str, Any]
    ) -> CollectionCase:
        async def change(tx: Transaction) -> CollectionCase:
            cases = tx.collection(COLLECTION_CASES)
            found = await cases.find_one({"_id": case_id, "entity": principal.entity})
            if found is None:
                raise NotFound("no such collections case in the entity")
            if found["status"] != "open":
                raise Conflict(f"the case is closed ({found.get('outcome')}): it changes no more")
            await cases.update_one({"_id": case_id}, update)
            changed = await cases.find_one({"_id": case_id})
            assert changed is not None
            return CollectionCase.model_validate(public_document(changed, "case_id"))

        return await self._uow.run(change)

    def _entry(self, principal: Principal) -> dict[str, datetime | str]:
        return {"by": principal.subject, "at": self._clock.now()}

    async def assign(
        self, principal: Principal, case_id: str, body: CaseAssignment
    ) -> CollectionCase:
        return await self._change(
            principal,
            case_id,
            {
                "$set": {"assignee": body.assignee},
                "$push": {
                    "notes": self._entry(principal) | {"text": f"assigned to {body.assignee}"}
                },
            },
        )

    async def note(self, principal: Principal, case_id: str, body: CaseNoteIn) -> CollectionCase:
        changes: dict[str, Any] = {"$push": {"notes": self._entry(principal) | {"text": body.text}}}
        if body.promised_on is not None:
            changes["$set"] = {"promised_on": body.promised_on.isoformat()}
        return await self._change(principal, case_id, changes)

    async def close(
        self, principal: Principal, case_id: str, body: CaseOutcomeIn
    ) -> CollectionCase:
        entry = self._entry(principal)
        return await self._change(
            principal,
            case_id,
            {
                "$set": {
                    "status": "closed",
                    "outcome": body.outcome,
                    "closed_by": entry["by"],
                    "closed_at": entry["at"],
                },
                "$push": {"notes": entry | {"text": body.comment or f"closed: {body.outcome}"}},
            },
        )
