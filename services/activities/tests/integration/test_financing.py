"""Mutualised financing against the embedded broker and database: a counsellor approves it,
the revenue that comes in repays its instalments, the rest is repaid early; a late instalment
reaches the counsellor's queue once."""

from __future__ import annotations

from datetime import timedelta

from lxml import etree

from smart_activities.late_repayments import LateRepayments
from smart_common.auth import Role
from smart_common.clock import ShiftedClock
from smart_devstack.samples import VALID_IBAN
from smart_devstack.testing import eventually


async def test_approved_repaid_from_revenue_then_early_and_late_queued(
    activities, budget_activity, deliver_all, job_events, clock, bearer
):
    app, client, settings = activities
    uow = app.state.runtime.uow
    activity_id, member = await budget_activity("member-f", jobs=1)
    base = f"/v1/activities/{activity_id}"
    request = {
        "amount": "600.00",
        "purpose": "A second-hand camera",
        "months": 3,
        "payee": {"name": "Foto Gent", "iban": VALID_IBAN},
    }
    too_much = await client.post(
        f"{base}/financing-requests", json=request | {"amount": "20000.00"}, headers=member
    )
    assert too_much.status_code == 422 and "at most 15000.00" in too_much.json()["detail"]
    bad_iban = await client.post(
        f"{base}/financing-requests",
        json=request | {"payee": {"name": "X", "iban": "BE00096123456769"}},
        headers=member,
    )
    assert bad_iban.status_code == 422
    asked = await client.post(f"{base}/financing-requests", json=request, headers=member)
    assert asked.status_code == 201, asked.text
    financing = asked.json()
    assert financing["status"] == "requested" and financing["payee_iban"] == "…6769"
    assert VALID_IBAN not in str(await uow.find("financings", {}))  # sealed at rest

    counsellor = bearer(settings, "counsellor-f", Role.MEMBER, Role.COUNSELLOR)
    approved = await client.post(
        f"/v1/reviews/{financing['review_id']}/decision",
        json={"decision": "approve", "comment": "Equipment for the studio"},
        headers=counsellor,
    )
    assert approved.status_code == 200, approved.text
    path = f"/v1/financing/{financing['financing_id']}"
    disbursed = (await client.get(path, headers=member)).json()
    assert disbursed["status"] == "repaying"
    assert [item["principal"] for item in disbursed["instalments"]] == ["200.00"] * 3
    assert disbursed["due_now"] == "200.00"  # the first month has started
    balance = (await client.get(f"{base}/balance", headers=member)).json()
    assert (balance["financing_owed"], balance["repayments_due"], balance["available"]) == (
        "600.00",
        "200.00",
        "735.00",
    )
    transfer = await client.get(f"{path}/transfer", headers=counsellor)
    assert transfer.status_code == 200
    xml = etree.fromstring(transfer.content)
    namespace = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
    assert xml.findtext(".//p:CdtrAcct/p:Id/p:IBAN", namespaces=namespace) == VALID_IBAN
    assert xml.findtext(".//p:InstdAmt", namespaces=namespace) == "600.00"
    assert (await client.get(f"{path}/transfer", headers=member)).status_code == 403

    # the next invoice's payment repays the instalment whose month has started
    await deliver_all(settings, job_events(clock, "member-f", "f-job-2", activity_id)[:4])

    async def repaid():
        balance = (await client.get(f"{base}/balance", headers=member)).json()
        return balance if balance["repaid"] == "200.00" else None

    balance = await eventually(repaid)
    assert balance["repayments_due"] == "0.00" and balance["financing_owed"] == "400.00"
    assert balance["available"] == "1670.00"  # 2 × 935.00 − 200.00

    # two months later the second instalment's month has ended unpaid: queued once
    later = ShiftedClock(clock.today() + timedelta(days=70))
    assert await LateRepayments(uow, later).run() == 1
    assert await LateRepayments(uow, later).run() == 0
    queue = (await client.get("/v1/reviews", headers=counsellor)).json()["items"]
    [late] = [item for item in queue if item["operation"]["kind"] == "financing_instalment"]
    assert "instalment 2 of 200.00 EUR" in late["reasons"][0]

    early = await client.post(f"{path}/early-repayment", headers=member)
    assert early.status_code == 200, early.text
    assert early.json()["status"] == "repaid" and early.json()["repaid"] == "600.00"
    balance = (await client.get(f"{base}/balance", headers=member)).json()
    assert balance["financing_owed"] == "0.00" and balance["available"] == "1270.00"
    again = await client.post(f"{path}/early-repayment", headers=member)
    assert again.status_code == 409
    for movement in await uow.find("movements", {"activity_id": activity_id}):
        assert sum(line["cents"] for line in movement["lines"]) == 0
    stranger = bearer(settings, "member-g")
    assert (await client.get(path, headers=stranger)).status_code == 404
