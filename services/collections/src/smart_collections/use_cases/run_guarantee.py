"""The guarantee fund pays the salary of every job whose invoice is still unpaid on its
guarantee date (the worker is paid whatever the client does), advancing what the client owes.
Who ran it, for which day and what it guaranteed is recorded (the periodic run when it
guaranteed something)."""

from __future__ import annotations

import uuid
from datetime import date

from smart_collections.adapters.repositories import GUARANTEE_RUNS, RECEIVABLES, Receivables
from smart_collections.schemas import GuaranteeRunOutcome
from smart_common.auth import Principal, Role
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.collections import GuaranteeAdvanced, SalaryGuaranteed
from smart_common.idempotency import fingerprint, run_remembered
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Forbidden, Unprocessable


class RunGuarantee(UseCase):
    raises = (SalaryGuaranteed, GuaranteeAdvanced)

    def __init__(self, uow: UnitOfWork, clock: Clock, entity: str, may_anticipate: bool):
        self._uow = uow
        self._clock = clock
        self._entity = entity
        self._may_anticipate = may_anticipate
        """Development only: a run for a later day, to see the fund at work without waiting."""

    async def __call__(self, as_of: date | None = None, by: str | None = None) -> list[str]:
        """The receivables of the entity guaranteed by this run; ``by`` the staff member who
        asked for it (None: the periodic run)."""
        as_of = as_of or self._clock.today()
        due = await self._uow.find(
            RECEIVABLES,
            {
                "entity": self._entity,
                "status": {"$in": ["open", "partially_paid"]},
                "guaranteed_at": None,
                "salary_guaranteed": {"$ne": False},
                "guarantee_date": {"$lte": as_of.isoformat()},
            },
            projection={"_id": 1},
        )
        guaranteed: list[str] = []
        for found in due:

            async def guarantee(tx: Transaction, receivable_id: str = found["_id"]) -> bool:
                receivables = Receivables(tx)
                receivable = await receivables.get(receivable_id)
                if receivable is None or not receivable.guarantee(self._clock.now()):
                    return False
                await receivables.save(receivable)
                return True

            if await self._uow.run(guarantee):
                guaranteed.append(found["_id"])
        if guaranteed or by is not None:
            run = {
                "_id": str(uuid.uuid4()),
                "entity": self._entity,
                "as_of": as_of.isoformat(),
                "by": by or "scheduler",
                "at": self._clock.now(),
                "guaranteed_receivables": guaranteed,
            }
            await self._uow.run(lambda tx: tx.collection(GUARANTEE_RUNS).insert_one(run))
        return guaranteed

    async def for_staff(
        self, principal: Principal, as_of: date | None, key: str
    ) -> tuple[GuaranteeRunOutcome, bool]:
        """A run an administrator of the entity asks for (a given day, never a later one),
        once per Idempotency-Key."""
        if Role.ADMIN not in principal.roles or principal.entity != self._entity:
            raise Forbidden(f"guarantee runs: administrators of entity {self._entity} only")
        today = self._clock.today()
        day = as_of or today
        if day > today and not self._may_anticipate:
            raise Unprocessable(
                f"as_of: a guarantee run pays what is due by a day that has come: at most "
                f"today ({today.isoformat()}), not {day.isoformat()}"
            )

        async def run() -> dict[str, object]:
            guaranteed = await self(day, principal.subject)
            return {"as_of": day.isoformat(), "guaranteed_receivables": guaranteed}

        answer, created = await run_remembered(
            self._uow,
            scope="guarantee-run",
            key=key,
            request_fingerprint=fingerprint({"as_of": day.isoformat()}),
            run=run,
        )
        return GuaranteeRunOutcome.model_validate(answer), created
