"""Payroll published what it can pay from a date: members checks declarations against it."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.payroll import PayrollTermsPublished
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import PayrollTerms


class OnPayrollTermsPublished(EventReaction):
    consumer = "members-payroll-terms"
    handles = (PayrollTermsPublished,)

    async def handle(
        self, data: PayrollTermsPublished, envelope: Envelope, tx: Transaction
    ) -> None:
        await PayrollTerms(tx).save(data, envelope.time)
