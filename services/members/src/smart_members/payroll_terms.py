"""What payroll can pay, as it published it (members' read model of payroll's terms)."""

from __future__ import annotations

from datetime import date

from smart_common.events.payroll import ContractTypeTerms
from smart_common.persistence import UnitOfWork
from smart_common.problems import Unavailable
from smart_members.adapters.repositories import PAYROLL_TERMS


class PayrollTermsInForce:
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def on(self, entity: str, day: date) -> dict[str, ContractTypeTerms]:
        """The contract types payroll can pay in ``entity`` on ``day``, by name (none before
        its first terms); 503 while payroll has published nothing for the entity."""
        found = await self._uow.find(
            PAYROLL_TERMS,
            {"entity": entity, "effective_from": {"$lte": day.isoformat()}},
            sort=[("effective_from", -1)],
            limit=1,
        )
        if not found:
            if await self._uow.find_one(PAYROLL_TERMS, {"entity": entity}) is None:
                raise Unavailable(
                    f"payroll has not published what it can pay in entity {entity} yet: "
                    "nothing was recorded, retry shortly"
                )
            return {}
        return {
            kind["contract_type"]: ContractTypeTerms.model_validate(kind)
            for kind in found[0]["contract_types"]
        }
