"""A service reported on its part of a member's erasure: kept (once); when every service of
the deployment reported, the erasure is completed."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events import activities, collections, governance, invoicing, payroll
from smart_common.events.envelope import Envelope
from smart_common.events.erasure import ErasureReport
from smart_common.persistence import Transaction
from smart_members.adapters.erasures import Erasures


class OnErasureReport(EventReaction):
    consumer = "members-erasure"
    handles = (
        invoicing.InvoicingErasureReport,
        payroll.PayrollErasureReport,
        collections.CollectionsErasureReport,
        governance.GovernanceErasureReport,
        activities.ActivitiesErasureReport,
    )

    def __init__(self, clock: Clock):
        self._clock = clock

    async def handle(self, data: ErasureReport, envelope: Envelope, tx: Transaction) -> None:
        erasures = Erasures(tx)
        report = data.model_dump(mode="json", include={"pseudonymised", "retained"})
        erasure = await erasures.report(data.erasure_id, data.member_id, data.service, report)
        if erasure is None:
            return  # not asked of this service
        if set(erasure["reports"]) >= set(erasure["services"]):
            await erasures.complete(data.erasure_id, self._clock.now())
