"""A long contract was declared: its monthly payslips are the member's first activity's."""

from __future__ import annotations

from smart_activities.attachments import JobAttachment
from smart_common.bus import EventReaction
from smart_common.events.activities import ActivityOpened
from smart_common.events.envelope import Envelope
from smart_common.events.members import LongContractDeclared
from smart_common.persistence import Transaction


class OnLongContractDeclared(EventReaction):
    consumer = "activities-books"
    handles = (LongContractDeclared,)
    raises = (ActivityOpened,)

    def __init__(self, attachment: JobAttachment):
        self._attachment = attachment

    async def handle(self, data: LongContractDeclared, envelope: Envelope, tx: Transaction) -> None:
        await self._attachment.attach(
            tx,
            job_id=data.long_contract_id,
            member_id=data.member_id,
            entity=data.entity,
            currency=data.currency,
            declared_at=envelope.time,
            activity_name=None,
        )
