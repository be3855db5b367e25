"""The activity's books against the embedded broker and database: events from four services
arrive in any order and are posted once; members see their own activity only."""

from __future__ import annotations

import base64
import csv
import io
from decimal import Decimal

from smart_common.auth import Role
from smart_common.events.activities import ActivityOpened
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.persistence import INBOX, OUTBOX
from smart_devstack.receipt_files import image
from smart_devstack.samples import envelope_of
from smart_devstack.testing import deliver, eventually


async def test_events_in_any_order_post_once_and_the_paid_job_comes_back_to_zero(
    infrastructure, activities, clock, bearer, job_events
):
    app, client, settings = activities
    uow = app.state.runtime.uow
    events = job_events(clock, "member-a", "job-1")
    for envelope, stream in events:
        await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, envelope, stream)
    member = bearer(settings, "member-a")

    async def listed():
        found = (await client.get("/v1/activities", headers=member)).json()["items"]
        if not found:
            return None
        movements = await uow.find("movements", {"activity_id": found[0]["activity_id"]})
        return found if len(movements) == 6 else None

    staff = bearer(settings, "admin-1", Role.MEMBER, Role.ADMIN)
    [activity] = await eventually(listed)
    parked = (await client.get("/v1/operations/parked-events", headers=staff)).json()
    assert parked == {"items": []}  # the early payment and invoice were posted once known
    assert activity["mode"] == "contract" and activity["opened_by_first_job"] is True
    activity_id = activity["activity_id"]
    balance = (await client.get(f"/v1/activities/{activity_id}/balance", headers=member)).json()
    assert balance == {
        "activity_id": activity_id,
        "currency": "EUR",
        "invoiced": "1000.00",
        "receivable": "0.00",
        "received": "1000.00",
        "contribution": "65.00",
        "salaries": "885.00",
        "expenses": "50.00",
        "financing_owed": "0.00",
        "repaid": "0.00",
        "repayments_due": "0.00",
        "committed": "0.00",
        "available": "0.00",
        "movements": 6,
    }
    recount: dict[str, int] = {}
    for movement in await uow.find("movements", {}):
        assert sum(line["cents"] for line in movement["lines"]) == 0
        for line in movement["lines"]:
            key = f"{movement['kind']}.{line['account']}"
            recount[key] = recount.get(key, 0) + line["cents"]
    kept = {
        f"{kind}.{account}": value
        for month in await uow.find("month_totals", {"activity_id": activity_id})
        for kind, accounts in month["sums"].items()
        for account, value in accounts.items()
    }
    assert kept == recount  # the months' sums are the lines' sums, nothing else

    # the same events again, then again with the inbox forgotten (a replay): nothing twice
    for _ in range(2):
        for envelope, stream in events:
            await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, envelope, stream)
    await uow.single(lambda database: database[INBOX].delete_many({}))
    for envelope, stream in events:
        await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, envelope, stream)
    await eventually(lambda: uow.find(INBOX, {"_id": {"$regex": events[-1][0].id}}))
    again = (await client.get(f"/v1/activities/{activity_id}/balance", headers=member)).json()
    assert again == balance
    assert len(await uow.find("movements", {})) == 6
    assert len(await uow.find("activities", {})) == 1


async def test_a_credit_note_and_what_each_reader_sees(
    infrastructure, activities, clock, bearer, job_events, deliver_all
):
    _, client, settings = activities
    events = job_events(clock, "member-b", "job-2")
    invoice_envelope, job_envelope = events[1], events[2]
    for envelope, stream in (job_envelope, invoice_envelope):
        await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, envelope, stream)
    credit = CreditNoteIssued(
        credit_note_id="cn-1",
        number="BE-CN-1",
        invoice_id="inv-job-2",
        invoice_number="BE-job-2",
        job_id="job-2",
        member_id="member-b",
        entity="BE",
        issue_date=clock.today(),
        total_excl_vat=Decimal("1000.00"),
        total_vat=Decimal("210.00"),
        total_incl_vat=Decimal("1210.00"),
        currency="EUR",
        fully_credited=True,
        reason="cancelled",
    )
    await deliver(
        infrastructure.kafka_bootstrap,
        settings.topic_prefix,
        envelope_of(credit, "cn-1", "job-2"),
        credit.stream,
    )
    owner = bearer(settings, "member-b")

    async def credited():
        found = (await client.get("/v1/activities", headers=owner)).json()["items"]
        if not found:
            return None
        balance = await client.get(
            f"/v1/activities/{found[0]['activity_id']}/balance", headers=owner
        )
        return balance.json() if balance.json()["movements"] == 2 else None

    balance = await eventually(credited)
    assert balance["invoiced"] == "0.00" and balance["receivable"] == "0.00"
    activity_id = balance["activity_id"]

    ghost = events[4][0].model_copy(
        update={"id": "ghost-payslip", "data": events[4][0].data | {"job_id": "ghost-job"}}
    )
    await deliver_all(settings, [(ghost, events[4][1])])
    staff = bearer(settings, "admin-1", Role.MEMBER, Role.ADMIN)

    async def parked():
        found = await client.get("/v1/operations/parked-events", headers=staff)
        return found.json()["items"]

    [held] = await eventually(parked)
    assert (held["event_id"], held["waits_for"]) == ("ghost-payslip", "job:ghost-job")

    stranger = bearer(settings, "member-c")
    for path in ("", "/ledger", "/ledger.csv", "/balance", "/statement"):
        seen = await client.get(f"/v1/activities/{activity_id}{path}", headers=stranger)
        assert seen.status_code == 404, path
    counsellor = bearer(settings, "counsellor-1", Role.COUNSELLOR)
    assert (
        await client.get(f"/v1/activities/{activity_id}", headers=counsellor)
    ).status_code == 200

    first = (await client.get(f"/v1/activities/{activity_id}/ledger?limit=1", headers=owner)).json()
    assert [item["kind"] for item in first["items"]] == ["invoice_issued"]
    rest = await client.get(
        f"/v1/activities/{activity_id}/ledger", params={"after": first["next"]}, headers=owner
    )
    assert [item["kind"] for item in rest.json()["items"]] == ["credit_note_issued"]
    assert rest.json()["next"] is None
    bad = await client.get(f"/v1/activities/{activity_id}/ledger?after=xyz", headers=owner)
    assert bad.status_code == 422

    exported = await client.get(f"/v1/activities/{activity_id}/ledger.csv", headers=owner)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 6 and exported.headers["content-type"].startswith("text/csv")
    assert sum(Decimal(row["debit"]) - Decimal(row["credit"]) for row in rows) == 0

    month = clock.today().isoformat()[:7]
    statement = await client.get(
        f"/v1/activities/{activity_id}/statement",
        params={"from": clock.today().isoformat(), "to": clock.today().isoformat()},
        headers=owner,
    )
    assert statement.json()["months"] == [
        {"month": month, "revenue": "0.00", "costs": "0.00", "margin": "0.00"}
    ]
    backwards = await client.get(
        f"/v1/activities/{activity_id}/statement",
        params={"from": clock.today().isoformat(), "to": "2000-01-01"},
        headers=owner,
    )
    assert backwards.status_code == 422


async def test_members_open_their_own_activities_staff_name_the_counsellor(activities, bearer):
    _, client, settings = activities
    member = bearer(settings, "member-d")
    opened = await client.post(
        "/v1/activities", json={"name": "Atelier bois", "mode": "budget"}, headers=member
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["mode"] == "budget" and opened.json()["counsellor_id"] is None
    refused = await client.post(
        "/v1/activities", json={"name": "X", "counsellor_id": "c-1"}, headers=member
    )
    assert refused.status_code == 403
    staff = bearer(settings, "counsellor-1", Role.MEMBER, Role.COUNSELLOR)  # as members issues
    for_member = await client.post(
        "/v1/activities",
        json={"name": "Photo", "member_id": "member-d", "counsellor_id": "counsellor-1"},
        headers=staff | {"Idempotency-Key": "k-1"},
    )
    assert for_member.status_code == 201
    same = await client.post(
        "/v1/activities",
        json={"name": "Photo", "member_id": "member-d", "counsellor_id": "counsellor-1"},
        headers=staff | {"Idempotency-Key": "k-1"},
    )
    assert same.status_code == 200 and same.json() == for_member.json()
    mine = (await client.get("/v1/activities", headers=member)).json()["items"]
    assert [item["name"] for item in mine] == ["Atelier bois", "Photo"]
    empty = await client.post("/v1/activities", json={"name": "  "}, headers=member)
    assert empty.status_code == 422


async def test_an_activitys_logo_is_checked_and_goes_to_its_documents(activities, bearer):
    app, client, settings = activities
    member = bearer(settings, "member-l")
    logo = base64.b64encode(image("PNG")).decode("ascii")
    opened = await client.post(
        "/v1/activities", json={"name": "Studio L", "logo": logo}, headers=member
    )
    assert opened.status_code == 201 and opened.json()["has_logo"] is True, opened.text
    [event] = [
        document["envelope"]["data"]
        for document in await app.state.runtime.uow.find(
            OUTBOX, {"envelope.type": ActivityOpened.event_type}
        )
        if document["envelope"]["data"]["activity_id"] == opened.json()["activity_id"]
    ]
    assert event["opened_by_first_job"] is False
    assert base64.b64decode(event["logo"]).startswith(b"\x89PNG")  # re-encoded, a PNG still
    not_an_image = base64.b64encode(b"MZ\x90\x00 an executable").decode("ascii")
    refused = await client.post(
        "/v1/activities", json={"name": "Studio X", "logo": not_an_image}, headers=member
    )
    assert refused.status_code == 422 and "logo" in refused.json()["detail"]
