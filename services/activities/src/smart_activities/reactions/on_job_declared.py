"""A job was declared: it belongs to the activity it names, else the member's first (opened
if they have none)."""

from __future__ import annotations

from smart_activities.attachments import JobAttachment
from smart_common.bus import EventReaction
from smart_common.events.activities import ActivityOpened
from smart_common.events.envelope import Envelope
from smart_common.events.members import JobDeclared
from smart_common.persistence import Transaction


class OnJobDeclared(EventReaction):
    consumer = "activities-books"
    handles = (JobDeclared,)
    raises = (ActivityOpened,)

    def __init__(self, attachment: JobAttachment):
        self._attachment = attachment

    async def handle(self, data: JobDeclared, envelope: Envelope, tx: Transaction) -> None:
        job = data.job
        await self._attachment.attach(
            tx,
            job_id=job.job_id,
            member_id=job.member_id,
            entity=job.entity,
            currency=job.currency,
            declared_at=job.declared_at,
            activity_name=job.activity.name if job.activity else None,
            activity_id=job.activity_id,
        )
