"""The members API against the embedded broker and database, driven as the front end does."""

from __future__ import annotations

import base64
import io
import re
import struct
import zlib
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image

from smart_common.auth import Role, TokenCodec
from smart_common.clock import ShiftedClock
from smart_common.events.governance import AgendaLine, AssemblyConvocation, SharePaid
from smart_common.events.payroll import ContractGenerated
from smart_common.persistence import OUTBOX
from smart_common.rulepacks import Rule, default_rule_book
from smart_devstack.samples import (
    CLIENT_VAT,
    VALID_IBAN,
    business_client_body,
    envelope_of,
    job_snapshot,
)
from smart_devstack.testing import (
    consumed,
    deliver,
    eventually,
    publish_payroll_terms,
    serving,
)
from smart_members.app import build_app
from smart_members.settings import MembersSettings

PASSWORD = "correct-horse-battery"


SCENARIO_DAY = date(2026, 11, 20)  # the scenario runs from this day (its clock keeps running)


@pytest.fixture
async def members(infrastructure):
    settings = MembersSettings(**infrastructure.settings_env("members"))
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        await knows_payroll_terms(infrastructure, client, settings)
        yield app, client, settings


async def knows_payroll_terms(infrastructure, client, settings) -> dict:
    """Payroll's terms, as payroll publishes them when it starts, have reached members."""
    latest = await publish_payroll_terms(
        infrastructure.kafka_bootstrap, settings.topic_prefix, settings.entity
    )

    async def known():  # every version arrived: the latest is in force from its date
        answer = await client.get("/v1/contract-types", params={"on": latest.isoformat()})
        shown = answer.json() if answer.status_code == 200 else {}
        return shown if shown.get("effective_from") == latest.isoformat() else None

    return await eventually(known)


async def register(app, client, email: str = "ann@example.org") -> str:
    response = await client.post(
        "/v1/members",
        json={
            "email": email,
            "password": PASSWORD,
            "first_name": "Ann",
            "last_name": "Peeters",
            "entity": "BE",
            "iban": VALID_IBAN,
            "national_register_number": "85.07.30-033.28",
        },
    )
    assert response.status_code == 201, response.text
    verified = await client.post(
        "/v1/members/email-verification", json={"token": await mailed_token(app, email)}
    )
    assert verified.status_code == 200 and verified.json()["email_verified"], verified.text
    token = await client.post("/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert token.status_code == 200
    return token.json()["access_token"]


async def mailed_token(app, email: str, kind: str = "email_verification") -> str:
    """The token of the latest account e-mail of this kind queued for ``email``."""
    [mail] = await app.state.runtime.uow.find(
        "outgoing_mail", {"to": email, "kind": kind}, sort=[("created_at", -1)], limit=1
    )
    return re.search(r"token=([\w.-]+)", mail["body"]).group(1)


client_body = business_client_body


def job_body(client_id: str, **changes) -> dict:
    return {
        "client_id": client_id,
        "description": "Stage lighting",
        "occupation_code": "3435",
        "start_date": "2026-12-01",
        "end_date": "2026-12-03",
        "worked_days": 3,
        "amount_excl_vat": "1500.00",
        "currency": "EUR",
        "contract_type": "employee",
        "expenses": "50.00",
    } | changes


async def stored(app, collection: str) -> int:
    return len(await app.state.runtime.uow.find(collection, {}))


async def test_declaring_a_job_is_idempotent_and_records_the_event(members):
    app, client, _ = members
    headers = {"Authorization": f"Bearer {await register(app, client)}"}
    client_id = (await client.post("/v1/clients", json=client_body(), headers=headers)).json()[
        "client_id"
    ]
    keyed = headers | {"Idempotency-Key": "declare-1"}
    first = await client.post("/v1/jobs", json=job_body(client_id), headers=keyed)
    second = await client.post("/v1/jobs", json=job_body(client_id), headers=keyed)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["job_id"] == second.json()["job_id"]
    assert await stored(app, "jobs") == 1
    [user] = await app.state.runtime.uow.find("users", {"email": "ann@example.org"})
    assert user["iban"].startswith("sealed:v2:") and VALID_IBAN not in str(user)
    assert "85073003328" not in str(user)
    declared = [
        d
        for d in await app.state.runtime.uow.find(OUTBOX, {})
        if d["envelope"]["type"] == "coop.smart.members.job.declared.v1"
    ]
    assert len(declared) == 1
    data = declared[0]["envelope"]["data"]["job"]
    assert data["client"]["vat_number"] == CLIENT_VAT and data["amount_excl_vat"] == "1500.00"
    reused = await client.post(
        "/v1/jobs", json=job_body(client_id, description="Other"), headers=keyed
    )
    assert reused.status_code == 422
    job = (await client.get(f"/v1/jobs/{first.json()['job_id']}", headers=headers)).json()
    assert job["status"] == "declared" and job["timeline"][0]["step"] == "declared"


async def test_bad_input_is_refused_with_problem_details_and_nothing_stored(members):
    app, client, settings = members
    headers = {"Authorization": f"Bearer {await register(app, client)}"}
    client_id = (await client.post("/v1/clients", json=client_body(), headers=headers)).json()[
        "client_id"
    ]
    other = {"Authorization": f"Bearer {await register(app, client, 'bob@example.org')}"}
    other_client = (await client.post("/v1/clients", json=client_body(), headers=other)).json()[
        "client_id"
    ]
    jobs_before, outbox_before = await stored(app, "jobs"), await stored(app, OUTBOX)
    body = job_body(client_id)
    cases = [
        ({k: v for k, v in body.items() if k != "start_date"}, headers, 422),
        (job_body(client_id, amount_excl_vat="-10.00"), headers, 422),
        (job_body(client_id, amount_excl_vat=1500.5), headers, 422),
        (job_body(client_id, end_date="2026-11-30"), headers, 422),
        (job_body("no-such-client"), headers, 422),
        (job_body(other_client), headers, 422),
        (job_body(client_id, currency="SEK"), headers, 422),
        (job_body(client_id, contract_type="freelance"), headers, 422),
        # bounds: a typing error in a date or an amount never reaches the other services
        (job_body(client_id, end_date="9999-12-31"), headers, 422),
        (job_body(client_id, start_date="2026-09-01", end_date="2026-09-02"), headers, 422),
        (job_body(client_id, start_date="2031-01-01", end_date="2031-01-02"), headers, 422),
        (job_body(client_id, expenses="1e30"), headers, 422),
        (job_body(client_id, description="Stage\u0001lighting"), headers, 422),
        (body, {"Authorization": "Bearer not-a-token"}, 401),
        (body, {}, 401),
    ]
    for payload, request_headers, expected in cases:
        response = await client.post("/v1/jobs", json=payload, headers=request_headers)
        assert response.status_code == expected, (payload, response.text)
        problem = response.json()
        assert response.headers["content-type"] == "application/problem+json"
        assert problem["status"] == expected and problem["detail"]
    malformed = await client.post(
        "/v1/jobs",
        content=b'{"client_id": ',
        headers=headers | {"content-type": "application/json"},
    )
    assert malformed.status_code == 422
    admin = TokenCodec(settings).issue("admin", "BE", frozenset({Role.ADMIN}))
    forbidden = await client.post(
        "/v1/jobs", json=body, headers={"Authorization": f"Bearer {admin}"}
    )
    assert forbidden.status_code == 403
    assert await stored(app, "jobs") == jobs_before
    assert await stored(app, OUTBOX) == outbox_before
    bad_client = await client.post(
        "/v1/clients", json=client_body() | {"vat_number": "BE0403019262"}, headers=headers
    )
    assert bad_client.status_code == 422 and "vat_number" in bad_client.json()["detail"]
    duplicate = await client.post(
        "/v1/members",
        json={
            "email": "ann@example.org",
            "password": PASSWORD,
            "first_name": "A",
            "last_name": "P",
            "entity": "BE",
            "iban": VALID_IBAN,
        },
    )
    assert duplicate.status_code == 409
    wrong = await client.post(
        "/v1/auth/token", data={"username": "ann@example.org", "password": "nope"}
    )
    assert wrong.status_code == 401


async def test_text_with_control_characters_and_unsafe_logos_are_refused(members):
    app, client, _ = members
    headers = {"Authorization": f"Bearer {await register(app, client)}"}
    address = client_body()["address"] | {"street": "Kerkstraat\u0001 12"}
    refused = await client.post(
        "/v1/clients", json=client_body() | {"address": address}, headers=headers
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["location"] == "body.address.street"
    assert "U+0001" in refused.json()["detail"]
    me = (await client.get("/v1/members/me", headers=headers)).json()
    url = f"/v1/members/{me['member_id']}/activity"
    bomb = _png_declaring(50_000, 50_000)
    too_big = await client.put(
        url, json={"name": "Studio", "logo": base64.b64encode(bomb).decode()}, headers=headers
    )
    assert too_big.status_code == 422 and "pixels" in too_big.json()["detail"]
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (10, 20, 30)).save(buffer, format="PNG")
    logo = buffer.getvalue() + b"appended"
    accepted = await client.put(
        url, json={"name": "Studio", "logo": base64.b64encode(logo).decode()}, headers=headers
    )
    assert accepted.status_code == 200, accepted.text


def _png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1000, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)


async def test_timeline_and_shareholder_follow_events_once(infrastructure, members):
    app, client, settings = members
    token = await register(app, client)
    headers = {"Authorization": f"Bearer {token}"}
    member_id = (await client.get("/v1/members/me", headers=headers)).json()["member_id"]
    client_id = (await client.post("/v1/clients", json=client_body(), headers=headers)).json()[
        "client_id"
    ]
    job_id = (await client.post("/v1/jobs", json=job_body(client_id), headers=headers)).json()[
        "job_id"
    ]
    job = job_snapshot(job_id, member_id=member_id)
    generated = envelope_of(
        ContractGenerated(
            contract_id="contract-1",
            job_id=job_id,
            member_id=member_id,
            entity="BE",
            contract_type="employee",
            start_date=job.start_date,
            end_date=job.end_date,
            job=job,
        ),
        "contract-1",
        job_id,
    )
    share = envelope_of(
        SharePaid(
            subscription_id="s-1",
            member_id=member_id,
            entity="BE",
            category="A",
            shares=1,
            total="30.00",
            currency="EUR",
            paid_on=app.state.runtime.clock.today(),
            holding=1,
        ),
        member_id,
        "s-1",
    )
    duplicates_before = consumed("members-timeline", ContractGenerated.event_type)
    for envelope, stream in (
        (generated, ContractGenerated.stream),
        (generated, ContractGenerated.stream),
        (share, SharePaid.stream),
        (share, SharePaid.stream),
    ):
        await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, envelope, stream)

    async def shareholder():
        me = (await client.get("/v1/members/me", headers=headers)).json()
        return me if me["shareholder"] else None

    me = await eventually(shareholder)
    assert me["shares"] == 1

    async def contracted():
        shown = (await client.get(f"/v1/jobs/{job_id}", headers=headers)).json()
        return shown if shown["status"] == "contracted" else None

    shown = await eventually(contracted)
    await eventually(
        lambda: _above(
            consumed("members-timeline", ContractGenerated.event_type), duplicates_before
        )
    )
    shown = (await client.get(f"/v1/jobs/{job_id}", headers=headers)).json()
    assert [entry["step"] for entry in shown["timeline"]] == ["declared", "contract_generated"]
    assert shown["timeline"][1]["document_id"] == "contract-1"
    assert datetime.fromisoformat(shown["timeline"][1]["at"]) <= datetime.now(UTC)
    me = (await client.get("/v1/members/me", headers=headers)).json()
    assert me["shares"] == 1


async def _above(value: float, before: float) -> bool:
    return value > before


async def test_an_entity_without_payroll_rates_refuses_jobs_and_stores_nothing(infrastructure):
    """Italy's pack has its contribution and payment rule but no contract types: a job there
    is refused at declaration ("rates not configured"), never left stuck half-way."""
    settings = MembersSettings(**infrastructure.settings_env("members"), entity="IT")
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        terms = await knows_payroll_terms(infrastructure, client, settings)
        assert terms["contract_types"] == []
        response = await client.post(
            "/v1/members",
            json={
                "email": "giulia@example.org",
                "password": PASSWORD,
                "first_name": "Giulia",
                "last_name": "Rossi",
                "entity": "IT",
                "iban": "IT60X0542811101000000123456",
            },
        )
        assert response.status_code == 201, response.text
        await client.post(
            "/v1/members/email-verification",
            json={"token": await mailed_token(app, "giulia@example.org")},
        )
        token = await client.post(
            "/v1/auth/token", data={"username": "giulia@example.org", "password": PASSWORD}
        )
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        italian_client = client_body() | {
            "vat_number": "IT00743110157",
            "address": {
                "street": "Via Roma 1",
                "postal_code": "20121",
                "city": "Milano",
                "country": "IT",
            },
            "country": "IT",
        }
        created = await client.post("/v1/clients", json=italian_client, headers=auth)
        assert created.status_code == 201, created.text
        refused = await client.post(
            "/v1/jobs", json=job_body(created.json()["client_id"]), headers=auth
        )
        assert refused.status_code == 422
        assert "rates not configured" in refused.json()["detail"]
        assert await stored(app, "jobs") == 0


async def test_the_watchdog_lists_a_job_whose_saga_does_not_move(infrastructure):
    """Nothing answers the declaration here (no payroll): past its threshold, staff see it."""
    settings = MembersSettings(
        **infrastructure.settings_env("members"),
        stalled_after={"declared": 0.5},
    )
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        await knows_payroll_terms(infrastructure, client, settings)
        headers = {"Authorization": f"Bearer {await register(app, client)}"}
        client_id = (await client.post("/v1/clients", json=client_body(), headers=headers)).json()[
            "client_id"
        ]
        job_id = (await client.post("/v1/jobs", json=job_body(client_id), headers=headers)).json()[
            "job_id"
        ]
        admin = TokenCodec(settings).issue("admin", "BE", frozenset({Role.ADMIN}))
        staff = {"Authorization": f"Bearer {admin}"}

        async def stalled():
            found = (await client.get("/v1/operations/stalled-jobs", headers=staff)).json()
            return [job for job in found if job["job_id"] == job_id]

        [job] = await eventually(stalled, timeout=10)
        assert job["status"] == "declared" and job["last_step"] == "declared"
        assert job["waiting_for"].startswith("contract_generated")
        forbidden = await client.get("/v1/operations/stalled-jobs", headers=headers)
        assert forbidden.status_code == 403


async def test_before_payroll_published_its_terms_a_declaration_waits_and_stores_nothing(
    infrastructure,
):
    """Members checks a job against what payroll says it can pay: until payroll's terms
    arrive, a declaration answers 503 with Retry-After (retry shortly), never a guess."""
    settings = MembersSettings(**infrastructure.settings_env("members"))
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        headers = {"Authorization": f"Bearer {await register(app, client)}"}
        created = await client.post("/v1/clients", json=client_body(), headers=headers)
        waiting = await client.post(
            "/v1/jobs", json=job_body(created.json()["client_id"]), headers=headers
        )
        assert waiting.status_code == 503, waiting.text
        assert waiting.headers["Retry-After"].isdigit()
        assert waiting.headers["content-type"] == "application/problem+json"
        assert await stored(app, "jobs") == 0
        terms = await knows_payroll_terms(infrastructure, client, settings)
        assert {"employee", "student"} <= {
            kind["contract_type"] for kind in terms["contract_types"]
        }
        declared = await client.post(
            "/v1/jobs", json=job_body(created.json()["client_id"]), headers=headers
        )
        assert declared.status_code == 201, declared.text


async def test_failed_logins_slow_the_next_ones_down_per_account(infrastructure):
    """30 wrong passwords in a row: 5 answers 401, then 429 with Retry-After, before any
    password is checked — even the right one waits (the wait's end: the domain's tests)."""
    settings = MembersSettings(
        **infrastructure.settings_env("members"), login_first_wait_seconds=60
    )
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        await register(app, client, "bea@example.org")

        async def log_in(password: str):
            return await client.post(
                "/v1/auth/token", data={"username": "bea@example.org", "password": password}
            )

        answers = [await log_in(f"guess-{attempt}") for attempt in range(30)]
        assert [answer.status_code for answer in answers[:5]] == [401] * 5
        assert {answer.status_code for answer in answers[5:]} == {429}
        slowed = answers[5]
        assert 50 <= int(slowed.headers["Retry-After"]) <= 60
        assert slowed.headers["content-type"] == "application/problem+json"
        assert (await log_in(PASSWORD)).status_code == 429


async def test_failed_logins_from_one_address_slow_it_down_whatever_the_accounts(infrastructure):
    settings = MembersSettings(
        **infrastructure.settings_env("members"),
        login_free_failures_per_address=3,
        login_first_wait_seconds=60,
    )
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        answers = [
            await client.post(
                "/v1/auth/token",
                data={"username": f"nobody-{n}@example.org", "password": "not-a-password"},
            )
            for n in range(4)
        ]
    assert [answer.status_code for answer in answers] == [401, 401, 401, 429]
    assert int(answers[3].headers["Retry-After"]) >= 1


async def test_administrators_grant_and_withdraw_roles_audited(members):
    app, client, settings = members
    admin_token = await client.post(
        "/v1/auth/token",
        data={
            "username": settings.admin_email,
            "password": settings.admin_password.get_secret_value(),
        },
    )
    admin = {"Authorization": f"Bearer {admin_token.json()['access_token']}"}
    admin_id = admin_token.json()["member_id"]
    member = {"Authorization": f"Bearer {await register(app, client, 'carla@example.org')}"}
    carla = (await client.get("/v1/members/me", headers=member)).json()["member_id"]
    counsellor = {"Authorization": f"Bearer {await register(app, client, 'dirk@example.org')}"}
    dirk = (await client.get("/v1/members/me", headers=counsellor)).json()["member_id"]

    by_member = await client.post(
        "/v1/staff", json={"member_id": carla, "role": "admin"}, headers=member
    )
    assert by_member.status_code == 403
    nobody = await client.post(
        "/v1/staff", json={"member_id": "nope", "role": "counsellor"}, headers=admin
    )
    assert nobody.status_code == 404
    not_a_counsellor = await client.put(
        f"/v1/members/{carla}/counsellor", json={"counsellor_id": dirk}, headers=admin
    )
    assert not_a_counsellor.status_code == 422
    granted = await client.post(
        "/v1/staff", json={"member_id": dirk, "role": "counsellor"}, headers=admin
    )
    assert granted.status_code == 200 and "counsellor" in granted.json()["roles"]
    again = await client.post(
        "/v1/staff", json={"member_id": dirk, "role": "counsellor"}, headers=admin
    )
    assert again.json()["roles"].count("counsellor") == 1
    assigned = await client.put(
        f"/v1/members/{carla}/counsellor", json={"counsellor_id": dirk}, headers=admin
    )
    assert assigned.status_code == 200 and assigned.json()["counsellor_id"] == dirk
    staff = (await client.get("/v1/staff", headers=admin)).json()
    assert {person["member_id"] for person in staff} == {admin_id, dirk}

    last_admin = await client.delete(f"/v1/staff/{admin_id}/roles/admin", headers=admin)
    assert last_admin.status_code == 409
    withdrawn = await client.delete(f"/v1/staff/{dirk}/roles/counsellor", headers=admin)
    assert withdrawn.status_code == 200 and "counsellor" not in withdrawn.json()["roles"]
    audit = (await client.get("/v1/staff/audit", headers=admin)).json()
    assert sorted((line["action"], line["by"], line["member_id"]) for line in audit) == [
        ("counsellor_assigned", admin_id, carla),
        ("role_granted", admin_id, dirk),
        ("role_withdrawn", admin_id, dirk),
    ]
    assert (await client.get("/v1/staff/audit", headers=member)).status_code == 403


async def test_a_refresh_token_rotates_once_and_a_reused_one_revokes_the_login(members):
    app, client, _ = members
    await register(app, client, "elia@example.org")
    login = await client.post(
        "/v1/auth/token", data={"username": "elia@example.org", "password": PASSWORD}
    )
    first = login.json()
    assert first["expires_in"] <= 900 and first["refresh_token"]
    rotated = await client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    me = await client.get(
        "/v1/members/me", headers={"Authorization": f"Bearer {second['access_token']}"}
    )
    assert me.status_code == 200

    replayed = await client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replayed.status_code == 401 and "revoked" in replayed.json()["detail"]
    # the thief's replay revoked the whole login: the rightful latest token is refused too
    latest = await client.post("/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert latest.status_code == 401

    again = (
        await client.post(
            "/v1/auth/token", data={"username": "elia@example.org", "password": PASSWORD}
        )
    ).json()
    out = await client.post("/v1/auth/logout", json={"refresh_token": again["refresh_token"]})
    assert out.status_code == 204
    after = await client.post("/v1/auth/refresh", json={"refresh_token": again["refresh_token"]})
    assert after.status_code == 401


async def test_members_publishes_the_public_keys_only(members):
    _, client, _ = members
    answer = await client.get("/.well-known/jwks.json")
    [key] = answer.json()["keys"]
    assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and key["alg"] == "EdDSA"
    assert "d" not in key and answer.headers["Cache-Control"].startswith("public")


async def test_an_unverified_member_declares_nothing_and_verifies_once(members):
    app, client, _ = members
    registered = await client.post(
        "/v1/members",
        json={
            "email": "fien@example.org",
            "password": PASSWORD,
            "first_name": "Fien",
            "last_name": "Maes",
            "entity": "BE",
            "iban": VALID_IBAN,
            "language": "nl",
        },
    )
    assert registered.json()["email_verified"] is False
    login = await client.post(
        "/v1/auth/token", data={"username": "fien@example.org", "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    client_id = (await client.post("/v1/clients", json=client_body(), headers=headers)).json()[
        "client_id"
    ]
    refused = await client.post("/v1/jobs", json=job_body(client_id), headers=headers)
    assert refused.status_code == 403 and "verify your e-mail" in refused.json()["detail"]
    [mail] = await app.state.runtime.uow.find("outgoing_mail", {"to": "fien@example.org"})
    assert mail["subject"] == "Bevestig uw e-mailadres"  # in the member's language
    token = await mailed_token(app, "fien@example.org")
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    bad = await client.get("/v1/members/email-verification", params={"token": forged})
    assert bad.status_code == 422
    clicked = await client.get("/v1/members/email-verification", params={"token": token})
    assert clicked.status_code == 200 and clicked.json()["email_verified"]
    again = await client.post("/v1/members/me/email-verification", headers=headers)
    assert again.status_code == 409
    declared = await client.post("/v1/jobs", json=job_body(client_id), headers=headers)
    assert declared.status_code == 201, declared.text


async def test_weak_passwords_are_refused_at_registration(members):
    _, client, _ = members
    for password, fragment in (("password1234", "common"), ("short", "at least")):
        refused = await client.post(
            "/v1/members",
            json={
                "email": "gust@example.org",
                "password": password,
                "first_name": "Gust",
                "last_name": "Claes",
                "entity": "BE",
                "iban": VALID_IBAN,
            },
        )
        assert refused.status_code == 422 and fragment in refused.text, refused.text


async def test_a_password_reset_link_works_once_and_ends_every_login(members):
    app, client, _ = members
    await register(app, client, "hanne@example.org")
    login = (
        await client.post(
            "/v1/auth/token", data={"username": "hanne@example.org", "password": PASSWORD}
        )
    ).json()
    for email in ("hanne@example.org", "nobody@example.org"):  # the same answer for both
        asked = await client.post("/v1/auth/password-reset", json={"email": email})
        assert asked.status_code == 202
    token = await mailed_token(app, "hanne@example.org", "password_reset")
    confirm = "/v1/auth/password-reset/confirmation"
    weak = await client.post(confirm, json={"token": token, "new_password": "password1234"})
    assert weak.status_code == 422 and "new_password" in weak.json()["detail"]
    new_password = "lantern-orchard-velvet"
    reset = await client.post(confirm, json={"token": token, "new_password": new_password})
    assert reset.status_code == 204, reset.text
    reused = await client.post(
        confirm, json={"token": token, "new_password": "other-" + new_password}
    )
    assert reused.status_code == 422 and "no longer valid" in reused.json()["detail"]
    old = await client.post("/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})
    assert old.status_code == 401
    relogin = await client.post(
        "/v1/auth/token", data={"username": "hanne@example.org", "password": new_password}
    )
    assert relogin.status_code == 200
    headers = {"Authorization": f"Bearer {relogin.json()['access_token']}"}
    wrong = await client.post(
        "/v1/members/me/password",
        json={"current_password": PASSWORD, "new_password": "another-lantern-orchard"},
        headers=headers,
    )
    assert wrong.status_code == 401
    changed = await client.post(
        "/v1/members/me/password",
        json={"current_password": new_password, "new_password": "another-lantern-orchard"},
        headers=headers,
    )
    assert changed.status_code == 204


async def test_an_account_mail_that_cannot_be_sent_reaches_staff(infrastructure):
    """Nothing listens on the SMTP port here: after its last attempt the e-mail is listed for
    staff, without its body (its link is a secret)."""
    settings = MembersSettings(
        **infrastructure.settings_env("members"),
        mail_max_attempts=1,
        mail_interval_seconds=0.2,
        smtp_port=1,
    )
    app = build_app(settings, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        await client.post(
            "/v1/members",
            json={
                "email": "ines@example.org",
                "password": PASSWORD,
                "first_name": "Ines",
                "last_name": "Wouters",
                "entity": "BE",
                "iban": VALID_IBAN,
            },
        )
        admin = TokenCodec(settings).issue("admin", "BE", frozenset({Role.ADMIN}))

        async def undelivered():
            answer = await client.get(
                "/v1/operations/undelivered-mail", headers={"Authorization": f"Bearer {admin}"}
            )
            return [mail for mail in answer.json() if mail["to"] == "ines@example.org"]

        [mail] = await eventually(undelivered, timeout=15)
        assert mail["kind"] == "email_verification" and mail["attempts"] == 1
        assert "body" not in mail and mail["last_error"]


async def test_an_entity_reviewing_first_jobs_holds_a_new_members_first_one(infrastructure):
    """With the entity's ``first_job_review`` on, a new member's first job waits for a
    counsellor: nothing starts (no ``job.declared``) until they validate it; so does a job
    above ``job_review_threshold``."""
    book = default_rule_book()
    be = [rule for rule in book.versions("first_job_review") if rule[0] == "BE"]
    assert be and be[0][1].value is False  # off by default
    rules = book.with_rules(
        "BE", Rule("first_job_review", date(2026, 1, 1), True, "this test's policy", True)
    )
    settings = MembersSettings(**infrastructure.settings_env("members"))
    app = build_app(settings, rules=rules, clock=ShiftedClock(SCENARIO_DAY))
    async with serving(app) as client:
        await knows_payroll_terms(infrastructure, client, settings)
        headers = {"Authorization": f"Bearer {await register(app, client)}"}
        client_id = (await client.post("/v1/clients", json=client_body(), headers=headers)).json()[
            "client_id"
        ]
        first = (await client.post("/v1/jobs", json=job_body(client_id), headers=headers)).json()
        assert (first["status"], first["review_reasons"]) == (
            "awaiting_review",
            ["a new member's first job"],
        )
        assert "coop.smart.members.job.declared.v1" not in await event_types(app)
        staff = {
            "Authorization": "Bearer "
            + TokenCodec(settings).issue("counsellor-1", "BE", frozenset({Role.COUNSELLOR}))
        }
        queue = (
            await client.get("/v1/jobs", params={"status": "awaiting_review"}, headers=staff)
        ).json()
        assert [job["job_id"] for job in queue] == [first["job_id"]]
        by_member = await client.post(
            f"/v1/jobs/{first['job_id']}/review",
            json={"approve": True, "reason": "mine"},
            headers=headers,
        )
        assert by_member.status_code == 403
        approved = await client.post(
            f"/v1/jobs/{first['job_id']}/review",
            json={"approve": True, "reason": "Client and rates checked"},
            headers=staff,
        )
        assert approved.status_code == 200 and approved.json()["status"] == "declared"
        assert (await event_types(app)).count("coop.smart.members.job.declared.v1") == 1
        again = await client.post(
            f"/v1/jobs/{first['job_id']}/review",
            json={"approve": False, "reason": "x"},
            headers=staff,
        )
        assert again.status_code == 409
        second = (await client.post("/v1/jobs", json=job_body(client_id), headers=headers)).json()
        assert second["status"] == "declared"  # only the first job waits
        large = job_body(client_id) | {"amount_excl_vat": "30000.00"}
        held = (await client.post("/v1/jobs", json=large, headers=headers)).json()
        assert (held["status"], held["review_reasons"]) == (
            "awaiting_review",
            ["30000.00 EUR is above the threshold of 25000.00 EUR"],  # the pack's parameter
        )
        newcomer = (
            await client.post(
                "/v1/clients", json=client_body() | {"name": "Nouveau SA"}, headers=headers
            )
        ).json()["client_id"]
        large_first = job_body(newcomer) | {"amount_excl_vat": "12000.00"}
        unusual = (await client.post("/v1/jobs", json=large_first, headers=headers)).json()
        assert unusual["review_reasons"] == ["a first job for Nouveau SA above 10000.00 EUR"]
        usual = job_body(client_id) | {"amount_excl_vat": "12000.00"}  # a known client
        assert (await client.post("/v1/jobs", json=usual, headers=headers)).json()[
            "status"
        ] == "declared"


async def event_types(app) -> list[str]:
    return [row["envelope"]["type"] for row in await app.state.runtime.uow.find(OUTBOX, {})]


async def test_expired_sessions_and_old_failed_logins_are_swept(members):
    app, _, _ = members
    uow = app.state.runtime.uow
    now = uow.clock.now()  # the service's clock, which the sweep reads

    async def seed(tx):
        await tx.collection("refresh_tokens").insert_many(
            [
                {
                    "_id": "old",
                    "family": "f",
                    "member_id": "m",
                    "expires_at": now - timedelta(days=8),
                },
                {
                    "_id": "live",
                    "family": "f",
                    "member_id": "m",
                    "expires_at": now + timedelta(days=8),
                },
            ]
        )
        await tx.collection("login_attempts").insert_many(
            [
                {"_id": "account:old", "failures": 9, "last_failure_at": now - timedelta(days=3)},
                {"_id": "account:new", "failures": 2, "last_failure_at": now},
            ]
        )

    await uow.run(seed)
    await app.state.runtime.sweeper.sweep()  # the periodic sweep may have run first: same end
    assert [row["_id"] for row in await uow.find("refresh_tokens", {})] == ["live"]
    assert [row["_id"] for row in await uow.find("login_attempts", {})] == ["account:new"]


async def test_a_convocation_is_queued_for_each_shareholder_in_their_language(
    infrastructure, members
):
    app, client, settings = members
    token = await register(app, client, "jo@example.org")
    headers = {"Authorization": f"Bearer {token}"}
    member_id = (await client.get("/v1/members/me", headers=headers)).json()["member_id"]
    profile = await client.patch(
        f"/v1/members/{member_id}/profile", json={"language": "nl"}, headers=headers
    )
    assert profile.status_code == 200, profile.text
    convocation = AssemblyConvocation(
        assembly_id="ag-1",
        entity="BE",
        kind="ordinary",
        title="AV 2027",
        starts_at=datetime(2027, 6, 12, 10, tzinfo=UTC),
        place="Brussel",
        online_link=None,
        agenda=[AgendaLine(title="Rekeningen", decision="ordinary")],
        record_date=app.state.runtime.clock.today(),
        member_ids=[member_id, "someone-unknown-here"],
        batch=1,
        last=True,
    )
    for _ in range(2):  # delivered twice: one e-mail
        await deliver(
            infrastructure.kafka_bootstrap,
            settings.topic_prefix,
            envelope_of(convocation, "ag-1", "ag-1"),
            AssemblyConvocation.stream,
        )

    async def queued():
        return await app.state.runtime.uow.find("outgoing_mail", {"kind": "assembly_convocation"})

    [mail] = await eventually(queued)
    assert (mail["to"], mail["assembly_id"]) == ("jo@example.org", "ag-1")
    assert mail["subject"] == "Oproeping: AV 2027"
    assert "gewone algemene vergadering" in mail.get("body", "") or mail["status"] == "sent"
