"""A client of the suite's HTTP APIs, as the members' front end uses them (tests, examples)."""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from smart_devstack.mailbox import wait_for_token
from smart_devstack.samples import business_client_body, member_body
from smart_devstack.stack import Stack

PASSWORD = "correct-horse-battery"


class FrontEnd:
    """Dates default relative to the stack's clock (``today``): the suite runs on any day."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.http = httpx.Client(timeout=30)

    @property
    def today(self) -> date:
        return self.stack.clock.today()

    def days(self, offset: int) -> str:
        """The ISO date ``offset`` days from the stack's today."""
        return (self.today + timedelta(days=offset)).isoformat()

    def url(self, service: str, path: str) -> str:
        return f"{self.stack.url(service)}{path}"

    def login(self, email: str, password: str) -> dict[str, str]:
        response = self.http.post(
            self.url("members", "/v1/auth/token"), data={"username": email, "password": password}
        )
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def admin(self) -> dict[str, str]:
        return self.login("admin@example.org", "admin-change-me")

    def staff_member(self, role: str) -> dict[str, str]:
        """A new member the administrator gives ``role`` (counsellor, admin, integrator),
        logged in again so that the token carries it."""
        email = f"staff-{uuid.uuid4().hex[:8]}@example.org"
        response = self.http.post(
            self.url("members", "/v1/members"),
            json=member_body(email, PASSWORD, "85.07.30-033.28"),
        )
        assert response.status_code == 201, response.text
        self.verify_email(email)
        granted = self.http.post(
            self.url("members", "/v1/staff"),
            headers=self.admin(),
            json={"member_id": response.json()["member_id"], "role": role},
        )
        assert granted.status_code == 200, granted.text
        return self.login(email, PASSWORD)

    def new_member(self, **changes: Any) -> tuple[dict[str, str], str]:
        email = f"member-{uuid.uuid4().hex[:8]}@example.org"
        response = self.http.post(
            self.url("members", "/v1/members"),
            json=member_body(email, PASSWORD, "85.07.30-033.28") | changes,
        )
        assert response.status_code == 201, response.text
        self.verify_email(email)
        return self.login(email, PASSWORD), response.json()["member_id"]

    def verify_email(self, email: str) -> None:
        """Follow the link of the verification e-mail, as the member does."""
        token = wait_for_token(self.stack.data_dir / "mail", email)
        verified = self.http.get(
            self.url("members", "/v1/members/email-verification"), params={"token": token}
        )
        assert verified.status_code == 200, verified.text

    def new_client(self, auth: dict[str, str], **changes: Any) -> str:
        response = self.http.post(
            self.url("members", "/v1/clients"),
            headers=auth,
            json=business_client_body() | changes,
        )
        assert response.status_code == 201, response.text
        return response.json()["client_id"]

    def declare_job(
        self, auth: dict[str, str], client_id: str, *, key: str | None = None, **changes: Any
    ) -> httpx.Response:
        body = {
            "client_id": client_id,
            "description": "Stage lighting",
            "occupation_code": "3435",
            # a week ahead: not started yet (cancellable), declared before it starts
            "start_date": self.days(7),
            "end_date": self.days(8),
            "worked_days": 2,
            "amount_excl_vat": "1500.00",
            "currency": "EUR",
            "contract_type": "employee",
            "expenses": "50.00",
        } | changes
        headers = auth | ({"Idempotency-Key": key} if key else {})
        return self.http.post(self.url("members", "/v1/jobs"), json=body, headers=headers)

    def job(self, auth: dict[str, str], job_id: str) -> dict[str, Any]:
        response = self.http.get(self.url("members", f"/v1/jobs/{job_id}"), headers=auth)
        response.raise_for_status()
        return response.json()

    def wait_for_step(
        self, auth: dict[str, str], job_id: str, *steps: str, timeout: float = 10.0
    ) -> tuple[dict[str, Any], float]:
        """Poll the timeline until every step appears; returns the job and the seconds it took."""
        started = time.monotonic()
        while True:
            job = self.job(auth, job_id)
            reached = {entry["step"] for entry in job["timeline"]}
            if reached.issuperset(steps):
                return job, time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise AssertionError(f"{steps} not reached in {timeout} s: {job['timeline']}")
            time.sleep(0.1)

    def wait_for(self, fetch: Any, timeout: float = 10.0) -> Any:
        """Call ``fetch()`` until it returns something truthy (other services catch up)."""
        deadline = time.monotonic() + timeout
        while not (result := fetch()):
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing after {timeout} s")
            time.sleep(0.1)
        return result

    def receivable_of(
        self, auth: dict[str, str], job_id: str, timeout: float = 20.0
    ) -> dict[str, Any]:
        """The job's receivable, once collections has it: the member's timeline may show
        ``invoice_sent`` before collections has read the same event."""
        [receivable] = self.wait_for(
            lambda: self.get("collections", "/v1/receivables", auth, job_id=job_id), timeout
        )
        return receivable

    def paid_budget_job(self, auth: dict[str, str], activity_id: str) -> str:
        """A job of the member's budget-mode activity, invoiced and paid in full (its revenue
        stays in the activity's budget)."""
        client_id = self.new_client(auth)

        def declared() -> httpx.Response | None:  # members learns of a new activity a moment later
            response = self.declare_job(auth, client_id, activity_id=activity_id)
            return response if response.status_code == 201 else None

        job_id: str = self.wait_for(declared, timeout=20).json()["job_id"]
        job, _ = self.wait_for_step(auth, job_id, "invoice_sent", timeout=30)
        assert job["activity_mode"] == "budget", job
        self.pay_invoice_of(auth, job)
        self.wait_for_step(auth, job_id, "payment_received", timeout=30)
        return job_id

    def document(self, job: dict[str, Any], step: str) -> str:
        return next(entry["document_id"] for entry in job["timeline"] if entry["step"] == step)

    def post_money(
        self, service: str, path: str, auth: dict[str, str], key: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """A money-moving POST: always with an Idempotency-Key (a new one unless given)."""
        headers = auth | {"Idempotency-Key": key or str(uuid.uuid4())}
        return self.http.post(self.url(service, path), headers=headers, **kwargs)

    def raw(self, service: str, path: str, auth: dict[str, str]) -> httpx.Response:
        response = self.http.get(self.url(service, path), headers=auth)
        response.raise_for_status()
        return response

    def get(self, service: str, path: str, auth: dict[str, str], **params: Any) -> Any:
        response = self.http.get(self.url(service, path), headers=auth, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def pay_invoice_of(self, auth: dict[str, str], job: dict[str, Any]) -> dict[str, Any]:
        """The client pays the job's sent invoice in full (staff record the bank line)."""
        invoice = self.get("invoicing", f"/v1/invoices/{self.document(job, 'invoice_sent')}", auth)
        self.receivable_of(auth, job["job_id"])  # else the payment would find nothing to pay
        return self.pay(self.admin(), invoice["payment_reference"], invoice["total_incl_vat"])

    def buy_shares(self, auth: dict[str, str], shares: int = 1) -> dict[str, Any]:
        """The member subscribes shares and staff record the transfer that pays them: the
        member is a shareholder once members learns of it."""
        subscribed = self.post_money("governance", "/v1/shares", auth, json={"shares": shares})
        assert subscribed.status_code == 201, subscribed.text
        paid = self.http.post(
            self.url("governance", f"/v1/shares/{subscribed.json()['subscription_id']}/payment"),
            headers=self.admin(),
            json={"paid_on": self.today.isoformat(), "bank_reference": "share transfer"},
        )
        assert paid.status_code == 200, paid.text
        return paid.json()

    def declare_long_contract(
        self, auth: dict[str, str], start_month: str, forecast: list[str], **changes: Any
    ) -> httpx.Response:
        body = {
            "description": "Graphic design",
            "occupation_code": "2166",
            "start_month": start_month,
            "forecast": forecast,
        } | changes
        return self.http.post(self.url("members", "/v1/long-contracts"), headers=auth, json=body)

    def pay(
        self,
        admin: dict[str, str],
        reference: str,
        amount: str,
        value_date: str | None = None,
        key: str | None = None,
    ) -> dict[str, Any]:
        headers = admin | {"Idempotency-Key": key or str(uuid.uuid4())}
        response = self.http.post(
            self.url("collections", "/v1/payments"),
            headers=headers,
            json={
                "amount": amount,
                "currency": "EUR",
                "reference": reference,
                "value_date": value_date or self.today.isoformat(),
            },
        )
        assert response.status_code in (200, 201), response.text
        return response.json()
