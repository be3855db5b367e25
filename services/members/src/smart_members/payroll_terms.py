"""What payroll can pay, as it published it (members' read model of payroll's terms)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from smart_common.events.payroll import ContractTypeTerms
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unavailable
from smart_members.adapters.repositories import PAYROLL_TERMS


@dataclass(frozen=True)
class TermsInForce:
    effective_from: date | None
    """The date of the version in force (None: before payroll's first terms)."""
    kinds: dict[str, ContractTypeTerms]


class PayrollTermsInForce:
    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def on(self, entity: str, day: date, tx: Transaction | None = None) -> TermsInForce:
        """The contract types payroll can pay in ``entity`` on ``day``, by name (none before
        its first terms); 503 while payroll has published nothing for the entity. Read in
        ``tx`` when the caller has one open (a reaction): never beside its own transaction."""
        query = {"entity": entity, "effective_from": {"$lte": day.isoformat()}}
        latest = [("effective_from", -1)]
        if tx is None:
            found = await self._uow.find(PAYROLL_TERMS, query, sort=latest, limit=1)
        else:
            found = await tx.collection(PAYROLL_TERMS).find(query, sort=latest, limit=1)
        if not found:
            anything = {"entity": entity}
            known = (
                await self._uow.find_one(PAYROLL_TERMS, anything)
                if tx is None
                else await tx.collection(PAYROLL_TERMS).find_one(anything)
            )
            if known is None:
                raise Unavailable(
                    f"payroll has not published what it can pay in entity {entity} yet: "
                    "nothing was recorded, retry shortly"
                )
            return TermsInForce(None, {})
        return TermsInForce(
            date.fromisoformat(found[0]["effective_from"]),
            {
                kind["contract_type"]: ContractTypeTerms.model_validate(kind)
                for kind in found[0]["contract_types"]
            },
        )
