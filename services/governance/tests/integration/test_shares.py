"""Share subscriptions against the embedded broker and database."""

from __future__ import annotations

from datetime import date

import pytest

from smart_common.auth import Role, TokenCodec
from smart_common.clock import ShiftedClock
from smart_common.events.members import MemberRegistered
from smart_devstack.samples import envelope_of
from smart_devstack.testing import deliver, eventually, serving
from smart_governance.app import build_app
from smart_governance.settings import GovernanceSettings

SCENARIO_DAY = date(2026, 11, 20)


@pytest.fixture
async def governance(infrastructure):
    settings = GovernanceSettings(**infrastructure.settings_env("governance"))
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        yield app, client, settings


def bearer(settings, subject: str, entity: str, *roles: Role) -> dict[str, str]:
    token = TokenCodec(settings).issue(subject, entity, frozenset(roles or {Role.MEMBER}))
    return {"Authorization": f"Bearer {token}"}


async def subscribe(client, headers, key: str, **body):
    return await client.post(
        "/v1/shares", json={"shares": 1} | body, headers=headers | {"Idempotency-Key": key}
    )


async def test_staff_subscribe_only_for_a_member_of_their_entity(infrastructure, governance):
    app, client, settings = governance
    staff = bearer(settings, "staff-1", "BE", Role.ADMIN)
    unknown = await subscribe(client, staff, "unknown", shares=1000, member_id="nope")
    assert unknown.status_code == 422 and "no member nope" in unknown.json()["detail"]
    assert await app.state.runtime.uow.find("share_subscriptions", {}) == []

    registered = MemberRegistered(
        member_id="member-7", entity="BE", email="a@example.org", first_name="A", last_name="B"
    )
    await deliver(
        infrastructure.kafka_bootstrap,
        settings.topic_prefix,
        envelope_of(registered, "member-7", "member-7"),
        MemberRegistered.stream,
    )
    await eventually(lambda: app.state.runtime.uow.find("members", {"_id": "member-7"}))
    known = await subscribe(client, staff, "known", member_id="member-7")
    assert known.status_code == 201, known.text
    other_entity = bearer(settings, "staff-2", "FR", Role.ADMIN)
    elsewhere = await subscribe(client, other_entity, "elsewhere", member_id="member-7")
    assert elsewhere.status_code == 401  # another entity's staff: not this deployment's


async def test_a_member_subscribes_for_themselves_and_never_for_another(governance):
    _, client, settings = governance
    member = bearer(settings, "member-8", "BE")
    own = await subscribe(client, member, "own")
    assert own.status_code == 201 and own.json()["total"] == "30.00"
    assert own.json()["status"] == "pending_payment"  # a shareholder once it is paid
    other = await subscribe(client, member, "other", member_id="member-7")
    assert other.status_code == 403


async def test_an_entity_without_a_share_price_answers_not_configured(infrastructure):
    settings = GovernanceSettings(**infrastructure.settings_env("governance") | {"entity": "FR"})
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        refused = await subscribe(client, bearer(settings, "member-9", "FR"), "fr")
        assert refused.status_code == 422, refused.text
        assert "not configured" in refused.json()["detail"]
