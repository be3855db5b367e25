"""The member names their activity and logo; only staff may flag a recognised training body
(it exempts the activity's training from VAT)."""

from __future__ import annotations

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.events.members import ActivityUpdated
from smart_common.logo import InvalidLogo, normalised_logo
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Forbidden, NotFound, Unprocessable
from smart_members.adapters.repositories import Users
from smart_members.schemas import ActivityIn, Member
from smart_members.use_cases.snapshots import activity_snapshot


class SetActivity(UseCase):
    raises = (ActivityUpdated,)

    def __init__(self, uow: UnitOfWork):
        self._uow = uow

    async def __call__(self, principal: Principal, member_id: str, activity: ActivityIn) -> Member:
        staff = principal.is_staff
        if not staff and principal.subject != member_id:
            raise NotFound("no such member")
        if activity.recognised_training is not None and not staff:
            raise Forbidden("recognised_training: only a counsellor or an admin may set it")
        logo = None
        if activity.logo is not None:
            try:
                logo = normalised_logo(activity.logo)
            except InvalidLogo as error:
                raise Unprocessable(str(error)) from error

        async def update(tx: Transaction) -> Member:
            user = await Users(tx).get(member_id)
            if user is None or (staff and user["entity"] != principal.entity):
                raise NotFound("no such member")
            current = user.get("activity", {})
            recognised = (
                activity.recognised_training
                if activity.recognised_training is not None
                else current.get("recognised_training", False)
            )
            document = {
                "name": activity.name,
                "logo": logo if logo is not None else current.get("logo"),
                "recognised_training": recognised,
            }
            await Users(tx).set_activity(member_id, document)
            updated = user | {"activity": document}
            snapshot = activity_snapshot(updated)
            assert snapshot is not None
            await tx.record_event(
                ActivityUpdated(member_id=member_id, entity=user["entity"], activity=snapshot),
                subject=member_id,
                entity=user["entity"],
                correlation_id=member_id,
            )
            return Member.of(updated)

        return await self._uow.run(update)
