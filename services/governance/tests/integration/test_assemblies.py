"""A general assembly from the register to its minutes, against the embedded broker and
database: shares paid, convened, proxies, the secret vote, the tally and its receipts."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

import pytest

from smart_common.auth import Role, TokenCodec
from smart_common.clock import ShiftedClock
from smart_common.events.members import ConvocationMailed
from smart_common.persistence import OUTBOX
from smart_devstack.samples import envelope_of
from smart_devstack.testing import deliver, eventually, serving
from smart_governance.app import build_app
from smart_governance.settings import GovernanceSettings

SCENARIO_DAY = date(2026, 11, 20)
CONVOCATION = "coop.smart.governance.assembly.convocation_requested.v1"


@pytest.fixture
async def governance(infrastructure):
    settings = GovernanceSettings(
        **infrastructure.settings_env("governance") | {"vote_close_seconds": 0.2}
    )
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        yield app, client, settings


def bearer(settings, subject: str, *roles: Role) -> dict[str, str]:
    token = TokenCodec(settings).issue(subject, "BE", frozenset(roles or {Role.MEMBER}))
    return {"Authorization": f"Bearer {token}"}


async def shareholder(client, settings, member_id: str, admin) -> dict[str, str]:
    """A member who subscribed one share and paid it (staff recorded the payment)."""
    member = bearer(settings, member_id)
    subscribed = await client.post(
        "/v1/shares", json={"shares": 1}, headers=member | {"Idempotency-Key": member_id}
    )
    assert subscribed.status_code == 201, subscribed.text
    subscription = subscribed.json()
    assert subscription["status"] == "pending_payment"
    assert subscription["payment_reference"].startswith("+++")
    paid = await client.post(
        f"/v1/shares/{subscription['subscription_id']}/payment",
        json={"paid_on": SCENARIO_DAY.isoformat(), "bank_reference": f"line {member_id}"},
        headers=admin,
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid", paid.text
    return member


async def drawn_up(client, admin, assembly_id: str) -> dict:
    """The assembly once its roll is drawn up (the roll worker, a moment after convening)."""

    async def convened():
        found = (await client.get(f"/v1/assemblies/{assembly_id}", headers=admin)).json()
        return found if found["status"] == "convened" else None

    return await eventually(convened)


def assembly_request(**changes):
    starts = datetime.combine(SCENARIO_DAY + timedelta(days=20), time(10), tzinfo=UTC)
    return {
        "kind": "ordinary",
        "title": "Assemblée générale 2027",
        "starts_at": starts.isoformat(),
        "place": "Brussels",
        "online_link": "https://meet.example.org/ag",
        "agenda": [
            {"title": "Accounts 2026", "decision": "ordinary"},
            {"title": "Amend article 12", "decision": "statutes_amendment"},
            {"title": "The year in review"},
        ],
    } | changes


async def test_an_assembly_from_convocation_to_minutes(infrastructure, governance):
    app, client, settings = governance
    admin = bearer(settings, "board-1", Role.ADMIN)
    voters = {
        name: await shareholder(client, settings, name, admin) for name in ("m1", "m2", "m3", "m4")
    }
    unpaid = bearer(settings, "m5")
    await client.post("/v1/shares", json={}, headers=unpaid | {"Idempotency-Key": "m5"})

    register = (await client.get("/v1/register", headers=admin)).json()
    assert (register["holders"], register["shares"], register["pending_payment"]) == (4, 4, 1)
    assert register["paid_capital"] == "120.00"
    refused_register = await client.get("/v1/register", headers=voters["m1"])
    assert refused_register.status_code == 403

    late = await client.post(
        "/v1/assemblies",
        json=assembly_request(starts_at=f"{SCENARIO_DAY + timedelta(days=3)}T10:00:00+01:00"),
        headers=admin | {"Idempotency-Key": "late"},
    )
    assert late.status_code == 422 and "too late" in late.json()["detail"]
    unknown = await client.post(
        "/v1/assemblies",
        json=assembly_request(agenda=[{"title": "x", "decision": "coup"}]),
        headers=admin | {"Idempotency-Key": "unknown"},
    )
    assert unknown.status_code == 422 and "no kind of decision" in unknown.json()["detail"]
    convened = await client.post(
        "/v1/assemblies", json=assembly_request(), headers=admin | {"Idempotency-Key": "ag"}
    )
    assert convened.status_code == 201, convened.text
    assert convened.json()["status"] == "convening"
    assembly = await drawn_up(client, admin, convened.json()["assembly_id"])
    assembly_id = assembly["assembly_id"]
    assert assembly["entitled"] == 4
    [convocation] = [
        row["envelope"]
        for row in await app.state.runtime.uow.find(OUTBOX, {})
        if row["envelope"]["type"] == CONVOCATION
    ]
    assert sorted(convocation["data"]["member_ids"]) == ["m1", "m2", "m3", "m4"]  # m5 unpaid

    mailed = ConvocationMailed(
        assembly_id=assembly_id,
        member_id="m1",
        entity="BE",
        sent_at=datetime.now(UTC),
        message_id="<convocation-m1@smart.invalid>",
    )
    for _ in range(2):  # delivered twice, counted once
        await deliver(
            infrastructure.kafka_bootstrap,
            settings.topic_prefix,
            envelope_of(mailed, "m1", assembly_id),
            ConvocationMailed.stream,
        )

    async def sent():
        found = (await client.get(f"/v1/assemblies/{assembly_id}", headers=admin)).json()
        return found if found["convocations_sent"] else None

    assert (await eventually(sent))["convocations_sent"] == 1

    proxies = f"/v1/assemblies/{assembly_id}/proxies"
    given = await client.post(proxies, json={"holder_id": "m2"}, headers=voters["m4"])
    assert given.status_code == 201, given.text
    outsider = await client.post(proxies, json={"holder_id": "m2"}, headers=unpaid)
    assert outsider.status_code == 422 and "shareholder of record" in outsider.json()["detail"]
    chain = await client.post(proxies, json={"holder_id": "m4"}, headers=voters["m3"])
    assert chain.status_code == 422  # m4 gave their own
    second = await client.post(proxies, json={"holder_id": "m3"}, headers=voters["m4"])
    assert second.status_code == 409

    opened = await client.post(f"/v1/assemblies/{assembly_id}/vote/opening", json={}, headers=admin)
    assert opened.status_code == 200 and opened.json()["status"] == "voting", opened.text
    too_late_for_proxy = await client.post(proxies, json={"holder_id": "m1"}, headers=voters["m3"])
    assert too_late_for_proxy.status_code == 409

    ballots = f"/v1/assemblies/{assembly_id}/ballots"
    choices = {"m1": "yes", "m2": "yes", "m3": "no"}
    receipts = {}
    for name, choice in choices.items():
        cast = await client.post(
            ballots,
            json={"choices": {"item-1": choice, "item-2": choice}},
            headers=voters[name],
        )
        assert cast.status_code == 201, cast.text
        receipts[name] = {row["item_id"]: row["receipt"] for row in cast.json()["receipts"]}
    by_proxy = await client.post(
        ballots,
        json={"choices": {"item-1": "abstain", "item-2": "yes"}, "on_behalf_of": "m4"},
        headers=voters["m2"],
    )
    assert by_proxy.status_code == 201, by_proxy.text
    again = await client.post(ballots, json={"choices": {"item-1": "no"}}, headers=voters["m1"])
    assert again.status_code == 409 and "final" in again.json()["detail"]
    principal = await client.post(ballots, json={"choices": {"item-1": "no"}}, headers=voters["m4"])
    assert principal.status_code == 409  # gave their proxy
    not_entitled = await client.post(ballots, json={"choices": {"item-1": "no"}}, headers=unpaid)
    assert not_entitled.status_code == 403
    not_voted_on = await client.post(
        ballots, json={"choices": {"item-3": "yes"}}, headers=voters["m3"]
    )
    assert not_voted_on.status_code == 422

    # the voters' list and the ballot box share no key: no ballot names its voter
    box = await app.state.runtime.uow.find("ballot_box", {"assembly_id": assembly_id})
    assert len(box) == 8
    assert not any(name in str(ballot) for ballot in box for name in voters)

    early = await client.get(f"/v1/assemblies/{assembly_id}/results", headers=voters["m1"])
    assert early.status_code == 409
    closed = await client.post(f"/v1/assemblies/{assembly_id}/vote/closing", headers=admin)
    assert closed.status_code == 200, closed.text
    late_ballot = await client.post(
        ballots, json={"choices": {"item-1": "no"}}, headers=voters["m3"]
    )
    assert late_ballot.status_code == 409 and "closed" in late_ballot.json()["detail"]

    results = (await client.get(f"/v1/assemblies/{assembly_id}/results", headers=unpaid)).json()
    assert (results["entitled"], results["present"]) == (4, 4)  # m4 represented by m2
    first, amendment = results["results"]
    assert (first["yes"], first["no"], first["abstain"], first["passed"]) == (2, 1, 1, True)
    assert (amendment["yes"], amendment["no"], amendment["passed"]) == (3, 1, True)  # 3/4
    published = {ballot["receipt"]: ballot for ballot in results["ballots"]}
    for ballot in published.values():  # anyone recounts: each receipt is its ballot's hash
        text = "\n".join(
            (
                assembly_id,
                ballot["item_id"],
                ballot["content"],
                str(ballot["weight"]),
                ballot["nonce"],
            )
        )
        assert hashlib.sha256(text.encode()).hexdigest() == ballot["receipt"]
    mine = receipts["m3"]["item-1"]
    found = await client.get(f"/v1/assemblies/{assembly_id}/ballots/{mine}", headers=voters["m3"])
    assert found.status_code == 200 and found.json()["content"] == "no"
    [closed_event] = [
        row["envelope"]
        for row in await app.state.runtime.uow.find(OUTBOX, {})
        if row["envelope"]["type"] == "coop.smart.governance.assembly.vote_closed.v1"
    ]
    assert closed_event["data"]["ballots"] == 8

    minutes = await client.get(
        f"/v1/assemblies/{assembly_id}/minutes", params={"language": "en"}, headers=voters["m1"]
    )
    assert minutes.status_code == 200 and minutes.content.startswith(b"%PDF")


async def test_a_board_election_per_category_and_a_vote_closing_by_itself(governance):
    app, client, settings = governance
    admin = bearer(settings, "board-1", Role.ADMIN)
    members = {
        name: await shareholder(client, settings, name, admin) for name in ("e1", "e2", "e3")
    }
    convened = await client.post(
        "/v1/assemblies",
        json=assembly_request(agenda=[{"title": "Board", "decision": "election"}]),
        headers=admin | {"Idempotency-Key": "election"},
    )
    assembly = await drawn_up(client, admin, convened.json()["assembly_id"])
    assert assembly["agenda"][0]["seats"] == {"A": 10, "B": 7}
    path = f"/v1/assemblies/{assembly['assembly_id']}"
    for name in ("e1", "e2"):
        stood = await client.post(
            f"{path}/candidacies",
            json={"item_id": "item-1", "category": "A"},
            headers=members[name],
        )
        assert stood.status_code == 201, stood.text
    wrong = await client.post(
        f"{path}/candidacies", json={"item_id": "item-1", "category": "B"}, headers=members["e3"]
    )
    assert wrong.status_code == 422  # holds no B share
    closes_at = app.state.runtime.clock.now() + timedelta(seconds=3)
    opened = await client.post(
        f"{path}/vote/opening", json={"closes_at": closes_at.isoformat()}, headers=admin
    )
    assert opened.status_code == 200, opened.text
    bad = await client.post(
        f"{path}/ballots",
        json={"choices": {"item-1": {"approvals": {"A": ["e3"]}}}},
        headers=members["e3"],
    )
    assert bad.status_code == 422 and "not candidates" in bad.json()["detail"]
    for name, approved in (("e1", ["e1"]), ("e2", ["e1", "e2"]), ("e3", ["e2"])):
        cast = await client.post(
            f"{path}/ballots",
            json={"choices": {"item-1": {"approvals": {"A": approved}}}},
            headers=members[name],
        )
        assert cast.status_code == 201, cast.text

    async def closed():
        found = (await client.get(path, headers=admin)).json()
        return found if found["status"] == "closed" else None

    result = (await eventually(closed, timeout=30))["results"][0]
    # both tied at two approvals for ten seats: both elected, in the draw's order
    assert {category: sorted(names) for category, names in result["elected"].items()} == {
        "A": ["e1", "e2"],
        "B": [],
    }
