"""At start-up, payroll publishes its terms: one ``payroll.terms.published`` per date from
which what it can pay in its entity changes.

Published at every start, whatever was published before: a members database rebuilt after
the topic's retention still learns them, and a corrected pack replaces what it changed
(members keeps, per date, the latest publication)."""

from __future__ import annotations

import logging

from smart_common.bus import UseCase
from smart_common.events.payroll import PayrollTermsPublished
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.rulepacks import RuleBook
from smart_payroll.domain.terms import terms_versions

log = logging.getLogger(__name__)


class PublishTerms(UseCase):
    raises = (PayrollTermsPublished,)

    def __init__(self, uow: UnitOfWork, rules: RuleBook, entity: str):
        self._uow = uow
        self._rules = rules
        self._entity = entity

    async def __call__(self) -> None:
        versions = terms_versions(self._rules, self._entity)

        async def publish(tx: Transaction) -> None:
            for version in versions:
                await tx.record_event(
                    version,
                    subject=self._entity,
                    entity=self._entity,
                    correlation_id=f"payroll-terms:{self._entity}",
                )

        await self._uow.run(publish)
        log.info("payroll terms of %s: %d version(s) published", self._entity, len(versions))
