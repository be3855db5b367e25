"""Collections against the embedded broker and database."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from importlib import resources

import pytest
import xmlschema
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from smart_collections.app import build_app
from smart_collections.settings import CollectionsSettings
from smart_common.auth import Role, TokenCodec
from smart_common.clock import ShiftedClock
from smart_common.events.invoicing import InvoiceSent
from smart_common.persistence import OUTBOX
from smart_common.rulepacks import Rule, default_rule_book
from smart_common.structured_communication import structured_communication
from smart_devstack.samples import envelope_of
from smart_devstack.testing import deliver, eventually, serving

SCENARIO_DAY = date(2026, 11, 20)  # the scenario runs from this day (its clock keeps running)


@pytest.fixture
async def collections(infrastructure):
    settings = CollectionsSettings(**infrastructure.settings_env("collections"))
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        admin = TokenCodec(settings).issue("admin-1", "BE", frozenset({Role.ADMIN}))
        client.headers["Authorization"] = f"Bearer {admin}"
        yield app, client, settings


def invoice_sent(
    job_id: str, sequence: int, client_kind: str = "business", client_id: str = "client-1"
) -> InvoiceSent:
    return InvoiceSent(
        invoice_id=f"invoice-{job_id}",
        number=f"BE2026-{sequence:06d}",
        job_id=job_id,
        member_id="member-1",
        client_id=client_id,
        entity="BE",
        channel="email",
        job_end_date=date(2026, 12, 2),
        due_date=date(2027, 1, 1),
        total_incl_vat="1815.00",
        currency="EUR",
        payment_reference=structured_communication(2600000000 + sequence),
        client_kind=client_kind,
        language="fr",
    )


async def open_receivable(
    app,
    infrastructure,
    settings,
    job_id: str,
    sequence: int,
    client_kind: str = "business",
    client_id: str = "client-1",
) -> dict:
    sent = envelope_of(
        invoice_sent(job_id, sequence, client_kind, client_id), f"invoice-{job_id}", job_id
    )
    await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, sent, InvoiceSent.stream)
    await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, sent, InvoiceSent.stream)
    [receivable] = await eventually(
        lambda: app.state.runtime.uow.find("receivables", {"job_id": job_id})
    )
    return receivable


async def event_types(app) -> list[str]:
    return [d["envelope"]["type"] for d in await app.state.runtime.uow.find(OUTBOX, {})]


async def test_partial_then_full_payment_settles_once(infrastructure, collections):
    app, client, settings = collections
    receivable = await open_receivable(app, infrastructure, settings, "job-1", 1)
    assert receivable["guarantee_date"] == "2026-12-11"  # seven Belgian working days
    reference = receivable["payment_reference"]
    digits = reference.replace("+", "").replace("/", "")
    first = await client.post(
        "/v1/payments",
        json={
            "amount": "815.00",
            "currency": "EUR",
            "reference": digits,
            "value_date": "2026-12-05",
            "bank_reference": "2026120500001",  # the bank's own reference stands for a key
        },
    )
    assert first.status_code == 201 and first.json()["status"] == "matched"
    body = {
        "amount": "1000.00",
        "currency": "EUR",
        "reference": reference,
        "value_date": "2026-12-06",
    }
    second = await client.post(
        "/v1/payments", json=body, headers={"Idempotency-Key": "bank-line-2"}
    )
    again = await client.post("/v1/payments", json=body, headers={"Idempotency-Key": "bank-line-2"})
    assert second.status_code == 201 and again.status_code == 200
    assert again.json()["payment_id"] == second.json()["payment_id"]
    shown = (await client.get(f"/v1/receivables/{receivable['_id']}")).json()
    assert shown["status"] == "paid" and shown["paid"] == "1815.00"
    types = await event_types(app)
    assert types.count("coop.smart.collections.receivable.opened.v1") == 1
    assert types.count("coop.smart.collections.payment.received.v1") == 1
    assert types.count("coop.smart.collections.payment.applied.v1") == 2  # partial, then the rest
    # paid before its guarantee date: the guarantee fund has nothing to do
    run = await client.post(
        "/v1/guarantee-runs",
        json={"as_of": "2026-12-31"},
        headers={"Idempotency-Key": "run-2026-12-31"},
    )
    assert run.json()["guaranteed_receivables"] == []


async def test_unpaid_on_guarantee_date_is_guaranteed_once(infrastructure, collections):
    app, client, settings = collections
    receivable = await open_receivable(app, infrastructure, settings, "job-2", 2)
    early = await client.post(
        "/v1/guarantee-runs",
        json={"as_of": "2026-12-10"},
        headers={"Idempotency-Key": "run-2026-12-10"},
    )
    assert early.json()["guaranteed_receivables"] == []
    due = await client.post(
        "/v1/guarantee-runs",
        json={"as_of": "2026-12-11"},
        headers={"Idempotency-Key": "run-2026-12-11"},
    )
    assert due.json()["guaranteed_receivables"] == [receivable["_id"]]
    again = await client.post(
        "/v1/guarantee-runs",
        json={"as_of": "2026-12-12"},
        headers={"Idempotency-Key": "run-2026-12-12"},
    )
    assert again.json()["guaranteed_receivables"] == []
    assert (await event_types(app)).count("coop.smart.collections.salary.guaranteed.v1") == 1


async def test_bad_payments_are_refused_or_kept_unmatched(infrastructure, collections):
    app, client, settings = collections
    for body in (
        {"amount": "-5.00", "currency": "EUR", "reference": "x", "value_date": "2026-12-01"},
        {"amount": "5.001", "currency": "EUR", "reference": "x", "value_date": "2026-12-01"},
        {"amount": "5.00", "currency": "euro", "reference": "x", "value_date": "2026-12-01"},
        {"amount": "5.00", "currency": "EUR", "reference": "x"},
    ):
        response = await client.post("/v1/payments", json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
    assert await app.state.runtime.uow.find("payments", {}) == []
    unmatched = await client.post(
        "/v1/payments",
        json={
            "amount": "5.00",
            "currency": "EUR",
            "reference": "+++000/0000/00097+++",
            "value_date": "2026-12-01",
        },
        headers={"Idempotency-Key": "unmatched-1"},
    )
    assert unmatched.json()["status"] == "unmatched"
    assert "no receivable" in unmatched.json()["unmatched_reason"]
    member = TokenCodec(settings).issue("member-1", "BE", frozenset({Role.MEMBER}))
    refused = await client.post(
        "/v1/payments",
        headers={"Authorization": f"Bearer {member}"},
        json={"amount": "5.00", "currency": "EUR", "reference": "x", "value_date": "2026-12-01"},
    )
    assert refused.status_code == 403


async def test_a_payment_arriving_before_its_receivable_is_matched_when_it_opens(
    infrastructure, collections
):
    app, client, settings = collections
    early = await client.post(
        "/v1/payments",
        json={
            "amount": "1815.00",
            "currency": "EUR",
            "reference": structured_communication(2600000003),
            "value_date": "2026-12-04",
        },
        headers={"Idempotency-Key": "early-1"},
    )
    assert early.json()["status"] == "unmatched"
    receivable = await open_receivable(app, infrastructure, settings, "job-3", 3)

    async def settled():
        shown = (await client.get(f"/v1/receivables/{receivable['_id']}")).json()
        return shown if shown["status"] == "paid" else None

    await eventually(settled)
    payment = (await client.get(f"/v1/payments/{early.json()['payment_id']}")).json()
    assert payment["status"] == "matched" and "unmatched_reason" not in payment
    assert (await event_types(app)).count("coop.smart.collections.payment.received.v1") == 1


async def test_money_is_never_recorded_twice_nor_without_a_key(infrastructure, collections):
    app, client, _ = collections
    body = {"amount": "5.00", "currency": "EUR", "reference": "x", "value_date": "2026-12-01"}
    for _ in range(2):
        refused = await client.post("/v1/payments", json=body)
        assert refused.status_code == 428 and "Idempotency-Key" in refused.json()["detail"]
    run = await client.post("/v1/guarantee-runs", json={"as_of": "2026-12-01"})
    assert run.status_code == 428
    assert await app.state.runtime.uow.find("payments", {}) == []
    line = body | {"bank_reference": "2026120100042"}
    first = await client.post("/v1/payments", json=line)
    again = await client.post("/v1/payments", json=line)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["payment_id"] == again.json()["payment_id"]
    assert len(await app.state.runtime.uow.find("payments", {})) == 1
    other = await client.post("/v1/payments", json=line | {"amount": "6.00"})
    assert other.status_code == 422  # the same bank line cannot say two different things


async def test_a_guarantee_run_is_for_an_administrator_of_the_entity_and_never_ahead(
    infrastructure,
):
    """Outside development a run cannot anticipate (9999-12-31 would guarantee every open
    receivable), and only an administrator of the deployment's entity may ask for one."""
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings = CollectionsSettings(
        **infrastructure.settings_env("collections"),
        environment="test",
        token_signing_key=key.decode(),
    )
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    codec = TokenCodec(settings)
    async with serving(app) as client:
        receivable = await open_receivable(app, infrastructure, settings, "job-9", 9)

        async def run(roles, entity, as_of, key):
            token = codec.issue("staff-1", entity, frozenset(roles))
            return await client.post(
                "/v1/guarantee-runs",
                json={"as_of": as_of},
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
            )

        ahead = await run({Role.ADMIN}, "BE", "9999-12-31", "ahead")
        assert ahead.status_code == 422 and "at most today" in ahead.json()["detail"]
        counsellor = await run({Role.COUNSELLOR}, "BE", None, "counsellor")
        assert counsellor.status_code == 403
        elsewhere = await run({Role.ADMIN}, "FR", None, "elsewhere")
        assert elsewhere.status_code == 401  # another entity's staff: not this deployment's
        today = await run({Role.ADMIN}, "BE", None, "today")
        assert today.status_code == 201, today.text
        assert receivable["_id"] not in today.json()["guaranteed_receivables"]
        shown = await client.get(
            f"/v1/receivables/{receivable['_id']}",
            headers={"Authorization": f"Bearer {codec.issue('a', 'BE', frozenset({Role.ADMIN}))}"},
        )
        assert shown.json()["status"] == "open"


async def _remind(client, as_of: str, key: str | None = None) -> dict:
    run = await client.post(
        "/v1/reminder-runs", json={"as_of": as_of}, headers={"Idempotency-Key": key or as_of}
    )
    assert run.status_code in (200, 201), run.text
    return run.json()["issued"]


@pytest.fixture
async def with_a_2027_rate(infrastructure, invoicing_documents):
    """The suite on a pack where the entity set the first half of 2027's rate (the shipped
    pack leaves the rates it has no source for empty: interest over them is not claimed)."""
    rate = Rule(
        "late_payment_b2b",
        date(2027, 1, 1),
        {"wording": "be_law_2002", "interest_rate": "0.1025", "compensation": "40.00"},
        "the test's own figure",
        False,
    )
    settings = CollectionsSettings(**infrastructure.settings_env("collections"))
    rules = default_rule_book().with_rules("BE", rate)
    app = build_app(
        settings,
        rules=rules,
        clock=ShiftedClock(SCENARIO_DAY),
        invoicing_documents=invoicing_documents,
    )
    async with serving(app) as client:
        admin = TokenCodec(settings).issue("admin-1", "BE", frozenset({Role.ADMIN}))
        client.headers["Authorization"] = f"Bearer {admin}"
        yield app, client, settings


async def test_reminders_follow_the_packs_schedule_one_step_at_a_time(
    infrastructure, with_a_2027_rate, invoicing_documents
):
    app, client, settings = with_a_2027_rate
    receivable = await open_receivable(app, infrastructure, settings, "job-r1", 21)
    assert receivable["due_date"] == "2027-01-01"
    assert await _remind(client, "2027-01-07") == {}  # due + 7 not reached
    assert await _remind(client, "2027-01-08") == {"first_reminder": 1}
    assert await _remind(client, "2027-01-08", key="again") == {}  # never the same step twice
    [first] = (
        await client.get("/v1/reminders", params={"receivable_id": receivable["_id"]})
    ).json()
    # 1815.00 × 10.25 % × 7 / 365 = 3.57 of interest, and the law's EUR 40
    assert (first["number"], first["step"]) == ("RBE2027-000001", "first_reminder")
    assert (first["interest"], first["compensation"], first["total"]) == (
        "3.57",
        "40.00",
        "1858.57",
    )
    assert first["interest_complete"] is True

    url = f"/v1/receivables/{receivable['_id']}/dispute"
    disputed = await client.post(url, json={"reason": "the client contests the hours"})
    assert disputed.status_code == 200, disputed.text
    assert (await client.post(url, json={"reason": "twice"})).status_code == 409
    assert await _remind(client, "2027-01-22") == {}  # disputed: reminders wait
    assert (await client.delete(url)).status_code == 200
    assert await _remind(client, "2027-01-22", key="after the dispute") == {"second_reminder": 1}
    assert await _remind(client, "2027-02-05") == {"formal_notice": 1}
    assert await _remind(client, "2027-03-02") == {"hand_off": 1}
    [case] = (await client.get("/v1/collection-cases", params={"status": "open"})).json()
    assert (case["receivable_id"], case["status"]) == (receivable["_id"], "open")
    assert await _remind(client, "2027-04-01") == {}  # past the last step: people take over
    path = f"/v1/collection-cases/{case['case_id']}"
    file = await client.get(f"{path}/case-file")
    assert file.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(file.content)) as archive:
        filed = json.loads(archive.read("reminders.json"))
        assert sorted(archive.namelist()) == sorted(
            [
                "README.txt",
                "case.json",
                f"invoice-{receivable['invoice_number']}.pdf",
                "payments.json",
                "receivable.json",
                *(f"reminders/{r['number']}.pdf" for r in filed),
                "reminders.json",
            ]
        )
        letter = archive.read(f"reminders/{filed[0]['number']}.pdf")
    assert letter == f"%PDF reminder {filed[0]['reminder_id']}".encode()
    assert [r["step"] for r in filed] == ["first_reminder", "second_reminder", "formal_notice"]
    # fetched from invoicing with the caller's own token: invoicing decides what they may read
    assert set(invoicing_documents.authorizations) == {client.headers["Authorization"]}
    assigned = await client.put(f"{path}/assignee", json={"assignee": "controller-7"})
    assert assigned.json()["assignee"] == "controller-7"
    noted = await client.post(
        f"{path}/notes", json={"text": "called: pays on the 15th", "promised_on": "2027-04-15"}
    )
    assert noted.json()["promised_on"] == "2027-04-15"
    closed = await client.post(f"{path}/outcome", json={"outcome": "legal"})
    assert (closed.json()["status"], closed.json()["outcome"]) == ("closed", "legal")
    assert [n["by"] for n in closed.json()["notes"]] == ["admin-1"] * 3
    assert (await client.post(f"{path}/notes", json={"text": "late"})).status_code == 409
    types = await event_types(app)
    assert types.count("coop.smart.collections.reminder.issued.v1") == 3
    assert types.count("coop.smart.collections.collection_case.opened.v1") == 1


async def test_a_consumers_first_reminder_costs_nothing(infrastructure, collections):
    app, client, settings = collections
    receivable = await open_receivable(app, infrastructure, settings, "job-r2", 22, "consumer")
    assert await _remind(client, "2027-01-08") == {"first_reminder": 1}
    [first] = (
        await client.get("/v1/reminders", params={"receivable_id": receivable["_id"]})
    ).json()
    assert (first["compensation"], first["interest"], first["total"]) == ("0", "0", "1815.00")
    # the second step: the schedule's due + 24, and the law's 14 days after the first
    assert await _remind(client, "2027-01-22") == {}
    assert await _remind(client, "2027-01-25") == {"second_reminder": 1}
    [second, _] = (
        await client.get("/v1/reminders", params={"receivable_id": receivable["_id"]})
    ).json()
    # above EUR 500: 65 + 5 % of the part above 500 = 65 + 65.75
    assert second["compensation"] == "130.75"


async def test_a_reminder_run_ahead_of_today_is_refused_outside_development(infrastructure):
    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings = CollectionsSettings(
        **infrastructure.settings_env("collections"),
        environment="test",
        token_signing_key=key.decode(),
    )
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        admin = TokenCodec(settings).issue("admin-1", "BE", frozenset({Role.ADMIN}))
        client.headers["Authorization"] = f"Bearer {admin}"
        ahead = await client.post(
            "/v1/reminder-runs", json={"as_of": "2027-01-08"}, headers={"Idempotency-Key": "k"}
        )
        assert ahead.status_code == 422
        assert "at most today" in ahead.json()["detail"]
        before_the_rules = await client.post(
            "/v1/reminder-runs", json={"as_of": "2000-01-01"}, headers={"Idempotency-Key": "k2"}
        )
        assert before_the_rules.status_code == 422
        assert "do not cover 2000-01-01" in before_the_rules.json()["detail"]


async def test_an_unmatched_payment_proposes_the_one_receivable_that_fits(
    infrastructure, collections
):
    app, client, settings = collections
    ann = await open_receivable(app, infrastructure, settings, "job-p1", 31, client_id="ann")
    await open_receivable(app, infrastructure, settings, "job-p2", 32, client_id="bob")
    earlier = await open_receivable(app, infrastructure, settings, "job-p3", 33, client_id="ann")
    iban = "BE68539007547034"

    async def pay(reference: str, debtor_iban: str, key: str) -> dict:
        body = {
            "amount": "1815.00",
            "currency": "EUR",
            "reference": reference,
            "value_date": "2027-01-05",
            "debtor_iban": debtor_iban,
        }
        paid = await client.post("/v1/payments", json=body, headers={"Idempotency-Key": key})
        assert paid.status_code == 201, paid.text
        return paid.json()

    # ann's account paid an earlier invoice of hers by its reference
    assert (await pay(earlier["payment_reference"], iban, "p-3"))["status"] == "matched"
    # without a reference, two open receivables have the amount: the debtor's history decides
    proposed = await pay("thanks for the show", iban, "p-1")
    assert proposed["status"] == "unmatched"
    assert proposed["proposal"] == {
        "receivable_id": ann["_id"],
        "invoice_number": ann["invoice_number"],
        "basis": "amount and debtor",
    }
    unknown = await pay("thanks", "BE71096123456769", "p-2")
    assert unknown["proposal"] is None  # two fit: nobody is proposed
    # proposed, never applied: ann's receivable waits for staff
    assert (await client.get(f"/v1/receivables/{ann['_id']}")).json()["status"] == "open"


async def test_a_payment_plan_replaces_reminders_while_it_is_kept(infrastructure, collections):
    app, client, settings = collections
    receivable = await open_receivable(app, infrastructure, settings, "job-pp", 41)
    url = f"/v1/receivables/{receivable['_id']}/payment-plan"
    wrong = await client.post(
        url, json={"instalments": [{"due_date": "2027-02-01", "amount": "1000.00"}]}
    )
    assert wrong.status_code == 422 and "add up to 1000.00" in wrong.json()["detail"]
    plan = {
        "instalments": [
            {"due_date": "2027-02-01", "amount": "900.00"},
            {"due_date": "2027-03-01", "amount": "915.00"},
        ]
    }
    agreed = await client.post(url, json=plan)
    assert agreed.status_code == 201, agreed.text
    assert agreed.json()["payment_plan"]["status"] == "kept"
    assert (await client.post(url, json=plan)).status_code == 409
    assert await _remind(client, "2027-01-20") == {}  # kept: no reminder
    paid = await client.post(
        "/v1/payments",
        json={
            "amount": "900.00",
            "currency": "EUR",
            "reference": receivable["payment_reference"],
            "value_date": "2027-02-01",
        },
        headers={"Idempotency-Key": "instalment-1"},
    )
    assert paid.status_code == 201
    assert await _remind(client, "2027-03-05") == {}  # the second is late, within the grace
    assert await _remind(client, "2027-03-07") == {"first_reminder": 1}  # broken: reminded
    broken = (await client.get(f"/v1/receivables/{receivable['_id']}")).json()
    assert broken["payment_plan"]["status"] == "broken"
    [reminder] = (
        await client.get("/v1/reminders", params={"receivable_id": receivable["_id"]})
    ).json()
    assert reminder["principal"] == "915.00"


async def test_money_nobody_owes_goes_back_to_its_debtor_by_credit_transfer(
    infrastructure, collections
):
    app, client, settings = collections
    schema = xmlschema.XMLSchema(
        str(resources.files("sepaxml").joinpath("schemas/pain.001.001.09.xsd"))
    )
    stray = await client.post(
        "/v1/payments",
        json={
            "amount": "42.00",
            "currency": "EUR",
            "reference": "for the cleaning",
            "value_date": "2027-01-05",
            "debtor_name": "Brasserie du Port",
            "debtor_iban": "BE68 5390 0754 7034",
        },
        headers={"Idempotency-Key": "stray"},
    )
    payment_id = stray.json()["payment_id"]
    url = f"/v1/unmatched-payments/{payment_id}/refund"
    body = {"reason": "not for us: wrong beneficiary"}
    assert (await client.post(url, json=body)).status_code == 428
    refunded = await client.post(url, json=body, headers={"Idempotency-Key": "r-1"})
    assert refunded.status_code == 201, refunded.text
    refund = refunded.json()
    assert (refund["amount"], refund["creditor_iban"]) == ("42.00", "BE68539007547034")
    again = await client.post(url, json=body, headers={"Idempotency-Key": "r-1"})
    assert (again.status_code, again.json()["refund_id"]) == (200, refund["refund_id"])
    other = await client.post(url, json=body, headers={"Idempotency-Key": "r-2"})
    assert other.status_code == 409  # out of the queue: refunded once
    queue = (await client.get("/v1/unmatched-payments")).json()
    assert payment_id not in [p["payment_id"] for p in queue]
    xml = (await client.get(f"/v1/refunds/{refund['refund_id']}/credit-transfer")).content
    schema.validate(xml.decode())
    assert b'<InstdAmt Ccy="EUR">42.00</InstdAmt>' in xml and b"SALA" not in xml

    receivable = await open_receivable(app, infrastructure, settings, "job-over", 51)
    over = await client.post(
        "/v1/payments",
        json={
            "amount": "2000.00",
            "currency": "EUR",
            "reference": receivable["payment_reference"],
            "value_date": "2027-01-05",
            "debtor_name": "Théâtre de Namur",
            "debtor_iban": "BE71096123456769",
        },
        headers={"Idempotency-Key": "over"},
    )
    assert over.json()["status"] == "matched"
    surplus_url = f"/v1/receivables/{receivable['_id']}/overpayment-refund"
    surplus = await client.post(surplus_url, json=body, headers={"Idempotency-Key": "s-1"})
    assert surplus.status_code == 201, surplus.text
    assert surplus.json()["amount"] == "185.00"
    twice = await client.post(surplus_url, json=body, headers={"Idempotency-Key": "s-2"})
    assert twice.status_code == 409
