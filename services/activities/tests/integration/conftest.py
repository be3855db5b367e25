"""The activities service on the embedded broker and database, and the events of a paid job
(the member's invoice, its payments, its payslip) as the other services publish them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from smart_activities.app import build_app
from smart_activities.settings import ActivitiesSettings
from smart_common.auth import Role, TokenCodec
from smart_common.events.collections import PaymentApplied
from smart_common.events.invoicing import InvoiceIssued
from smart_common.events.members import JobDeclared
from smart_common.events.payroll import PayslipIssued
from smart_devstack.samples import envelope_of, job_snapshot
from smart_devstack.testing import deliver, serving


@pytest.fixture
async def activities(infrastructure, clock):
    settings = ActivitiesSettings(**infrastructure.settings_env("activities"))
    app = build_app(settings, clock=clock)
    async with serving(app) as client:
        yield app, client, settings


def token_for(settings, subject: str, *roles: Role) -> dict[str, str]:
    token = TokenCodec(settings).issue(subject, "BE", frozenset(roles or {Role.MEMBER}))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def bearer():
    """``bearer(settings, subject, *roles)``: the headers of a token of this deployment."""
    return token_for


@pytest.fixture
def job_events():
    """``job_events(clock, member_id, job_id)``: a paid job's events, in an adversarial order."""
    return paid_job_events


def paid_job_events(clock, member_id: str, job_id: str, activity_id: str | None = None):
    today = clock.today()
    job = job_snapshot(
        job_id, member_id=member_id, amount="1000.00", expenses="50.00", start=today, end=today
    ).model_copy(update={"activity_id": activity_id})
    invoice = InvoiceIssued(
        invoice_id=f"inv-{job_id}",
        number=f"BE-{job_id}",
        job_id=job_id,
        member_id=member_id,
        client_id="client-1",
        entity="BE",
        issue_date=today,
        due_date=today + timedelta(days=30),
        total_excl_vat=Decimal("1000.00"),
        total_vat=Decimal("210.00"),
        total_incl_vat=Decimal("1210.00"),
        currency="EUR",
        payment_reference="+++090/9337/55493+++",
    )

    def payment(number: int, amount: str) -> PaymentApplied:
        return PaymentApplied(
            receivable_id=f"rec-{job_id}",
            invoice_id=f"inv-{job_id}",
            job_id=job_id,
            payment_id=f"pay-{job_id}-{number}",
            amount=Decimal(amount),
            paid=Decimal(amount),
            currency="EUR",
            value_date=today + timedelta(days=number),
        )

    payslip = PayslipIssued(
        payslip_id=f"slip-{job_id}",
        contract_id=f"contract-{job_id}",
        job_id=job_id,
        member_id=member_id,
        trigger="payment_received",
        gross=Decimal("700.00"),
        net=Decimal("520.00"),
        expenses_reimbursed=Decimal("50.00"),
        currency="EUR",
        employer_cost=Decimal("885.00"),
    )
    return [
        (envelope_of(data, subject, job_id), data.stream)
        for data, subject in [
            (payment(1, "605.00"), f"rec-{job_id}"),  # before the invoice, which is before the job
            (invoice, f"inv-{job_id}"),
            (JobDeclared(job=job), job_id),
            (payment(2, "605.00"), f"rec-{job_id}"),
            (payslip, f"slip-{job_id}"),
        ]
    ]


@pytest.fixture
def deliver_all(infrastructure):
    """``await deliver_all(settings, events)``: put the events on their topics."""

    async def put(settings, events) -> None:
        for envelope, stream in events:
            await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, envelope, stream)

    return put


@pytest.fixture
def budget_activity(activities, deliver_all, job_events, clock, bearer):
    """``await budget_activity(member_id, jobs)``: the member's budget-mode activity after
    ``jobs`` paid jobs of 1,000.00 EUR (no payslip: the budget keeps 935.00 of each)."""
    from smart_devstack.testing import eventually

    _, client, settings = activities

    async def funded(member_id: str, jobs: int = 2) -> tuple[str, dict[str, str]]:
        member = bearer(settings, member_id)
        opened = await client.post(
            "/v1/activities", json={"name": "Atelier", "mode": "budget"}, headers=member
        )
        activity_id = opened.json()["activity_id"]
        for job in range(jobs):
            events = job_events(clock, member_id, f"{member_id}-job-{job}", activity_id)
            await deliver_all(settings, events[:4])  # invoice and payments: no payslip

        async def balance():
            found = await client.get(f"/v1/activities/{activity_id}/balance", headers=member)
            return found.json() if found.json()["movements"] == 5 * jobs else None

        assert (await eventually(balance))["available"] == f"{935 * jobs}.00"
        return activity_id, member

    return funded
