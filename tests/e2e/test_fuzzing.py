"""Every route of every service, fuzzed from its own OpenAPI document (schemathesis) against a
stack of its own: no answer is a 5xx, data breaking the schema is refused (4xx), and a route
that asks for a token refuses a request without one (401)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth, negative_data_rejection, not_a_server_error

from smart_devstack.stack import Stack
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


MEMBERS, INVOICING, PAYROLL, COLLECTIONS, GOVERNANCE = (
    schema_of(service)
    for service in ("members", "invoicing", "payroll", "collections", "governance")
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
