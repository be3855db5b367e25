"""A job (or long contract) belongs to an activity: the one it names, else the member's first,
opened for them in ``contract`` mode when they have none yet. Events of the job that came
before it are posted then."""

from __future__ import annotations

from datetime import datetime

from smart_activities.adapters.repositories import Activities, Jobs
from smart_activities.books import Books
from smart_activities.use_cases.open_activity import activity_document, record_opened
from smart_common.clock import Clock
from smart_common.events.activities import ActivityMode
from smart_common.persistence import Document, Transaction

FIRST_ACTIVITY_NAME = "Main activity"


class JobAttachment:
    def __init__(self, books: Books, clock: Clock):
        self._books = books
        self._clock = clock

    async def attach(
        self,
        tx: Transaction,
        *,
        job_id: str,
        member_id: str,
        entity: str,
        currency: str,
        declared_at: datetime,
        activity_name: str | None,
        activity_id: str | None = None,
    ) -> None:
        activities = Activities(tx)
        named = await activities.get(activity_id) if activity_id else None
        if named is not None and (named["member_id"], named["entity"]) == (member_id, entity):
            activity: Document | None = named
        else:  # none named, or not the member's: their first
            activity = await activities.first_of(member_id, entity)
        if activity is None:
            activity = activity_document(
                member_id=member_id,
                entity=entity,
                name=activity_name or FIRST_ACTIVITY_NAME,
                mode=ActivityMode.CONTRACT,
                counsellor_id=None,
                currency=currency,
                now=self._clock.now(),
                by_first_job=True,
            )
            await record_opened(tx, activity)
        await Jobs(tx).attach(job_id, activity, declared_at)
        await self._books.release(f"job:{job_id}", tx)
