"""The API surface of every service, on a stack of its own (these tests write what they like):
every route fuzzed from its OpenAPI document by schemathesis — no answer is a 5xx, data
breaking the schema is refused (4xx), a route that asks for a token refuses a request without
one (401) — and the authorization matrix: each route × each kind of caller, as
``authorization.toml`` says."""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth, negative_data_rejection, not_a_server_error

from smart_common.auth import Role, TokenCodec
from smart_common.settings import ServiceSettings
from smart_devstack.frontend import FrontEnd
from smart_devstack.samples import VALID_IBAN
from smart_devstack.stack import SERVICES, Stack
from smart_devstack.testing import running_stack

CHECKS = [not_a_server_error, negative_data_rejection, ignored_auth]
FUZZING = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure is reproducible
    suppress_health_check=list(HealthCheck),
)


def schema_of(service: str) -> schemathesis.BaseSchema:
    app = importlib.import_module(f"smart_{service}.app").build_app()
    return schemathesis.openapi.from_dict(app.openapi())


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, str]]]:
    """A stack nobody else uses (fuzzing writes what it likes), and an administrator's token
    (the widest access: staff routes are fuzzed too)."""
    for stack in running_stack(tmp_path_factory, "BE"):
        login = httpx.post(
            f"{stack.url('members')}/v1/auth/token",
            data={"username": "admin@example.org", "password": "admin-change-me"},
        )
        login.raise_for_status()
        yield stack, {"Authorization": f"Bearer {login.json()['access_token']}"}


def fuzz(case: schemathesis.Case, fuzzed: tuple[Stack, dict[str, str]], service: str) -> None:
    stack, admin = fuzzed
    case.call_and_validate(base_url=stack.url(service), headers=admin, checks=CHECKS)


MEMBERS, INVOICING, PAYROLL, COLLECTIONS, GOVERNANCE, ACTIVITIES = (
    schema_of(service)
    for service in ("members", "invoicing", "payroll", "collections", "governance", "activities")
)


@MEMBERS.parametrize()
@FUZZING
def test_members(case, fuzzed):
    fuzz(case, fuzzed, "members")


@INVOICING.parametrize()
@FUZZING
def test_invoicing(case, fuzzed):
    fuzz(case, fuzzed, "invoicing")


@PAYROLL.parametrize()
@FUZZING
def test_payroll(case, fuzzed):
    fuzz(case, fuzzed, "payroll")


@COLLECTIONS.parametrize()
@FUZZING
def test_collections(case, fuzzed):
    fuzz(case, fuzzed, "collections")


@GOVERNANCE.parametrize()
@FUZZING
def test_governance(case, fuzzed):
    fuzz(case, fuzzed, "governance")


@ACTIVITIES.parametrize()
@FUZZING
def test_activities(case, fuzzed):
    fuzz(case, fuzzed, "activities")


# --- the authorization matrix -------------------------------------------------------------
TABLE = tomllib.loads((Path(__file__).parent / "authorization.toml").read_text())
PRINCIPALS = (
    "anonymous",
    "wrong_audience",
    "other_deployment",
    "other_entity_counsellor",
    "member",
    "counsellor",
    "admin",
    "integrator",
)
ROLES = {
    "member": {Role.MEMBER},
    "counsellor": {Role.MEMBER, Role.COUNSELLOR},
    "admin": {Role.MEMBER, Role.ADMIN},
    "integrator": {Role.INTEGRATOR},
}
ALLOWED = {  # the access class of a route → the principals it lets through
    "public": set(PRINCIPALS),
    "credentials": set(PRINCIPALS),
    "logged_in": {"member", "counsellor", "admin", "integrator"},
    "owner": {"member", "counsellor", "admin", "integrator"},  # 404 for all but the owner and
    # the entity's staff: see test_a_members_documents_are_theirs_and_their_entitys_staffs
    "member": {"member", "counsellor", "admin"},
    "staff": {"counsellor", "admin"},
    "admin": {"admin"},
}


NOT_OF_THIS_DEPLOYMENT = (
    "anonymous",
    "wrong_audience",
    "other_deployment",
    "other_entity_counsellor",
)


def operations(service: str) -> list[str]:
    app = importlib.import_module(f"smart_{service}.app").build_app()
    return [f"{m.upper()} {path}" for path, ops in app.openapi()["paths"].items() for m in ops]


@pytest.mark.parametrize("service", SERVICES)
def test_the_table_names_every_route_and_only_them(service):
    assert sorted(operations(service)) == sorted(TABLE[service]), (
        f"tests/e2e/authorization.toml is out of date for {service}"
    )


def tokens(stack: Stack) -> dict[str, dict[str, str]]:
    key = stack.token_signing_key()
    here = TokenCodec(ServiceSettings(entity="BE", token_signing_key=key))
    elsewhere_audience = TokenCodec(ServiceSettings(entity="FR", token_signing_key=key))
    other_key = TokenCodec(ServiceSettings(entity="BE"))  # the development key: not this stack's
    bearer = {
        name: here.issue(f"matrix-{name}", "BE", frozenset(roles)) for name, roles in ROLES.items()
    }
    bearer["wrong_audience"] = elsewhere_audience.issue(
        "matrix-fr", "FR", frozenset(ROLES["counsellor"])
    )
    bearer["other_deployment"] = other_key.issue("matrix-x", "BE", frozenset(ROLES["counsellor"]))
    bearer["other_entity_counsellor"] = here.issue(  # this deployment's key and audience
        "matrix-fr-counsellor", "FR", frozenset(ROLES["counsellor"])
    )
    return {"anonymous": {}} | {
        name: {"Authorization": f"Bearer {token}"} for name, token in bearer.items()
    }


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_answers_each_principal_as_the_table_says(service, fuzzed):
    stack, _ = fuzzed
    headers = tokens(stack)
    wrong: list[str] = []
    for operation, access in TABLE[service].items():
        method, path = operation.split(" ", 1)
        url = stack.url(service) + re.sub(r"\{[^}]+\}", "matrix-x", path)
        for principal in PRINCIPALS:
            status = httpx.request(
                method, url, headers=headers[principal], json={}, timeout=30
            ).status_code
            allowed = principal in ALLOWED[access]
            if access == "credentials":
                ok = status != 403
            elif allowed:
                ok = status not in (401, 403)
            else:
                ok = status == (401 if principal in NOT_OF_THIS_DEPLOYMENT else 403)
            if not ok:
                wrong.append(f"{operation} as {principal} ({access}): {status}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def owned(fuzzed) -> tuple[FrontEnd, dict[str, str], dict[str, str], dict[str, str]]:
    """A member with a paid job (their record, client, job, contract, invoice, payslip,
    receivable) and another member: the ids the ``owner`` routes of the table are called with."""
    stack, _ = fuzzed
    frontend = FrontEnd(stack)
    owner, owner_id = frontend.new_member()
    other, _ = frontend.new_member()
    client_id = frontend.new_client(owner)
    job_id = frontend.declare_job(owner, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(owner, job_id, "invoice_sent", timeout=30)
    frontend.pay_invoice_of(owner, job)
    job, _ = frontend.wait_for_step(owner, job_id, "payslip_issued", timeout=30)
    [receivable] = frontend.get("collections", "/v1/receivables", owner, job_id=job_id)
    [activity] = frontend.wait_for(
        lambda: frontend.get("activities", "/v1/activities", owner)["items"], timeout=30
    )
    budget = frontend.http.post(  # expense notes and financing are paid from a budget
        frontend.url("activities", "/v1/activities"),
        headers=owner,
        json={"name": "Studio", "mode": "budget"},
    ).json()["activity_id"]
    drafted = frontend.http.post(
        frontend.url("activities", f"/v1/activities/{budget}/expense-notes"),
        headers=owner,
        json={
            "lines": [
                {
                    "date": frontend.today.isoformat(),
                    "category": "mileage",
                    "supplier": "own car",
                    "amount_excl_vat": "12.00",
                    "vat": "0.00",
                    "amount_incl_vat": "12.00",
                }
            ]
        },
    )
    assert drafted.status_code == 201, drafted.text
    financed = frontend.http.post(
        frontend.url("activities", f"/v1/activities/{budget}/financing-requests"),
        headers=owner,
        json={
            "amount": "300.00",
            "purpose": "A tripod",
            "months": 2,
            "payee": {"name": "Foto Gent", "iban": VALID_IBAN},
        },
    )
    assert financed.status_code == 201, financed.text
    frontend.paid_budget_job(owner, budget)  # what a salary request is paid from
    frontend.wait_for(  # activities books the payment from its own topic, a moment later
        lambda: (
            frontend.get("activities", f"/v1/activities/{budget}/balance", owner)["received"]
            != "0.00"
        ),
        timeout=30,
    )
    salary = frontend.post_money(
        "activities",
        f"/v1/activities/{budget}/salary-requests",
        owner,
        json={
            "period": {
                "start_date": frontend.days(3),
                "end_date": frontend.days(3),
                "worked_days": 1,
            },
            "amount": "100.00",
            "contract_type": "employee",
            "occupation_code": "3521",
            "description": "A day of sound engineering",
        },
    )
    assert salary.status_code == 201, salary.text
    ids = {
        "activity_id": activity["activity_id"],
        "note_id": drafted.json()["expense_note_id"],
        "financing_id": financed.json()["financing_id"],
        "salary_request_id": salary.json()["salary_request_id"],
        "member_id": owner_id,
        "client_id": client_id,
        "job_id": job_id,
        "contract_id": frontend.document(job, "contract_generated"),
        "invoice_id": frontend.document(job, "invoice_sent"),
        "payslip_id": frontend.document(job, "payslip_issued"),
        "receivable_id": receivable["receivable_id"],
    }
    return frontend, owner, other, ids


@pytest.mark.parametrize("service", SERVICES)
def test_a_members_documents_are_theirs_and_their_entitys_staffs(service, fuzzed, owned):
    """Each ``owner`` route with a real document: its owner and the entity's staff get it;
    another member and an integrator get 404 (nothing tells them it exists)."""
    stack, _ = fuzzed
    _, owner, other, ids = owned
    headers = tokens(stack) | {"owner": owner, "another_member": other}
    expected = {"owner": 200, "counsellor": 200, "admin": 200, "another_member": 404}
    expected["integrator"] = 404
    wrong: list[str] = []
    for operation, access in TABLE[service].items():
        if access != "owner":
            continue
        method, path = operation.split(" ", 1)
        url = stack.url(service) + re.sub(r"\{([^}]+)\}", lambda found: ids[found[1]], path)
        for principal, status in expected.items():
            got = httpx.request(method, url, headers=headers[principal], timeout=30).status_code
            if got != status:
                wrong.append(f"{operation} as {principal}: {got}, expected {status}")
    assert not wrong, "\n".join(wrong)


def test_a_members_profile_is_theirs_alone(fuzzed, owned):
    frontend, owner, other, ids = owned
    profile = frontend.url("members", f"/v1/members/{ids['member_id']}/profile")
    assert frontend.http.patch(profile, headers=other, json={"language": "en"}).status_code == 404
    assert frontend.http.patch(profile, headers=owner, json={"language": "en"}).status_code == 200
