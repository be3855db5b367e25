"""A member opens an activity (staff: for a member, naming its counsellor)."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime

from smart_activities.adapters.repositories import Activities
from smart_activities.schemas import Activity, ActivityIn
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.activities import ActivityMode, ActivityOpened
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.logo import InvalidLogo, normalised_logo
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.problems import Forbidden, NotFound, Unprocessable
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook, RuleNotConfigured


def activity_document(
    *,
    member_id: str,
    entity: str,
    name: str,
    mode: ActivityMode,
    counsellor_id: str | None,
    currency: str,
    now: datetime,
    by_first_job: bool = False,
    logo: bytes | None = None,
) -> Document:
    return {
        "_id": str(uuid.uuid4()),
        "member_id": member_id,
        "entity": entity,
        "name": name,
        "mode": mode.value,
        "counsellor_id": counsellor_id,
        "currency": currency,
        "opened_on": now.date().isoformat(),
        "opened_at": now,
        "opened_by_first_job": by_first_job,
        "logo": logo,
    }


async def record_opened(tx: Transaction, activity: Document) -> None:
    await Activities(tx).add(activity)
    await tx.record_event(
        ActivityOpened(
            activity_id=activity["_id"],
            member_id=activity["member_id"],
            entity=activity["entity"],
            name=activity["name"],
            mode=ActivityMode(activity["mode"]),
            counsellor_id=activity["counsellor_id"],
            currency=activity["currency"],
            opened_on=activity["opened_on"],
            opened_by_first_job=activity["opened_by_first_job"],
            logo=base64.b64encode(activity["logo"]).decode("ascii")
            if activity.get("logo")
            else None,
        ),
        subject=activity["_id"],
        entity=activity["entity"],
        correlation_id=activity["_id"],
    )


def activity_view(activity: Document) -> Activity:
    shown = public_document(activity, "activity_id")
    shown["has_logo"] = bool(shown.pop("logo", None))
    return Activity.model_validate(shown)


class OpenActivity(UseCase):
    raises = (ActivityOpened,)

    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def __call__(
        self, principal: Principal, request: ActivityIn, idempotency_key: str | None
    ) -> tuple[Activity, bool]:
        if not principal.is_staff and (request.member_id or request.counsellor_id):
            raise Forbidden("members open activities for themselves; staff name the counsellor")
        member_id = request.member_id or principal.subject
        try:
            currency = self._rules.pack(principal.entity, self._clock.today()).value("currency")
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"activities are not configured for entity {principal.entity}: {error}"
            ) from error

        logo = None
        if request.logo is not None:
            try:
                logo = normalised_logo(request.logo)
            except InvalidLogo as error:
                raise Unprocessable(str(error)) from error

        async def create(tx: Transaction) -> Activity:
            activity = activity_document(
                member_id=member_id,
                entity=principal.entity,
                name=request.name,
                mode=request.mode,
                counsellor_id=request.counsellor_id,
                currency=currency,
                now=self._clock.now(),
                logo=logo,
            )
            await record_opened(tx, activity)
            return activity_view(activity)

        return await run_idempotent_as(
            Activity,
            self._uow,
            scope=f"activity:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=create,
        )


def require_budget(activity: Document, what: str) -> None:
    """Expense notes and financing are paid from an activity's budget: in contract mode each
    job's payslip takes what it brought in (its expenses go with the job)."""
    if activity["mode"] != ActivityMode.BUDGET.value:
        raise Unprocessable(
            f"{what} are paid from an activity's budget: activity {activity['name']!r} is in "
            "contract mode (each job's payslip takes what it brings in, its expenses with it)"
        )


async def own_activity(tx: Transaction, principal: Principal, activity_id: str) -> Document:
    """The member's own activity, else 404 (nothing says someone else's exists)."""
    activity = await Activities(tx).get(activity_id)
    if activity is None or activity["member_id"] != principal.subject:
        raise NotFound("no such activity")
    return activity
