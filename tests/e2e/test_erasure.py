"""A member's erasure (GDPR art. 17) as the member and the data-protection officer meet it:
refused while a job is under way, confirmed by the password; then the account is closed, what
the law requires to keep is kept — each service says what, under which rule, until when — and
nothing of anyone else changes."""

from __future__ import annotations

from datetime import date

import pytest

from smart_devstack.frontend import PASSWORD

pytestmark = pytest.mark.stack


def _erasure(frontend, admin, erasure_id):
    def completed():
        listed = frontend.get("members", "/v1/operations/erasures", admin)
        found = next((e for e in listed if e["erasure_id"] == erasure_id), None)
        return found if found and found["status"] == "completed" else None

    return frontend.wait_for(completed, timeout=30)


def test_an_erased_member_keeps_only_what_the_law_requires(frontend):
    admin = frontend.admin()
    ann, ann_id = frontend.new_member()
    other, other_id = frontend.new_member(first_name="Zoltan", last_name="Quarkwright")
    ann_email = frontend.get("members", "/v1/members/me", ann)["email"]
    frontend.http.put(
        frontend.url("members", f"/v1/members/{ann_id}/activity"),
        headers=ann,
        json={"name": "Lumière Studio"},
    ).raise_for_status()
    paid_id = frontend.declare_job(ann, frontend.new_client(ann)).json()["job_id"]
    paid, _ = frontend.wait_for_step(ann, paid_id, "invoice_sent", timeout=20)
    frontend.pay_invoice_of(ann, paid)
    frontend.wait_for_step(ann, paid_id, "payslip_issued", timeout=20)
    pending_id = frontend.declare_job(ann, frontend.new_client(ann)).json()["job_id"]
    erase = frontend.url("members", "/v1/members/me/erasure")

    under_way = frontend.http.post(erase, headers=ann, json={"password": PASSWORD})
    assert under_way.status_code == 409, under_way.text
    assert pending_id in under_way.json()["jobs"]
    cancelled = frontend.http.post(
        frontend.url("members", f"/v1/jobs/{pending_id}/cancellation"),
        headers=ann,
        json={"reason": "The client withdrew"},
    )
    assert cancelled.status_code == 200, cancelled.text
    wrong = frontend.http.post(erase, headers=ann, json={"password": "not-my-password-at-all"})
    assert wrong.status_code == 401, wrong.text

    asked = frontend.http.post(erase, headers=ann, json={"password": PASSWORD})
    assert asked.status_code == 202, asked.text
    assert asked.json()["status"] == "in_progress"
    erasure = _erasure(frontend, admin, asked.json()["erasure_id"])

    reports = erasure["reports"]
    assert set(reports) == {"invoicing", "payroll", "collections", "governance", "activities"}
    kept = {
        (service, retained["rule"]): retained
        for service, report in reports.items()
        for retained in report["retained"]
    }
    invoice = frontend.get("invoicing", f"/v1/invoices?job_id={paid_id}", admin)[0]
    issued = date.fromisoformat(invoice["issue_date"])
    accounting = kept["invoicing", "retention_accounting"]
    assert accounting["records"] >= 1 and not accounting["verified"]
    assert accounting["until"] == issued.replace(year=issued.year + 10).isoformat()
    assert "art. 60" in accounting["source"]
    payroll = kept["payroll", "retention_payroll"]
    assert payroll["records"] >= 3  # contract, hiring declaration, payslip
    assert payroll["until"] == date(frontend.today.year + 6, 1, 1).isoformat()
    assert kept["collections", "retention_accounting"]["records"] >= 1
    assert kept["governance", "retention_share_register"]["until"] is None
    assert kept["activities", "retention_accounting"]["records"] >= 3  # its books
    assert reports["activities"]["pseudonymised"] >= 1  # the activity's name
    assert reports["invoicing"]["pseudonymised"] >= 1  # the activity's name and logo: at once

    refused = frontend.http.post(
        frontend.url("members", "/v1/auth/token"),
        data={"username": ann_email, "password": PASSWORD},
    )
    assert refused.status_code == 401
    record = frontend.get("members", f"/v1/members/{ann_id}", admin)
    assert record["first_name"].startswith("erased member ")
    assert ann_email not in str(record) and record.get("iban") in (None, "")
    again = frontend.http.post(erase, headers=ann, json={"password": PASSWORD})
    assert again.status_code == 404  # the access token outlives the account a few minutes only
    assert frontend.get("invoicing", f"/v1/invoices?job_id={paid_id}", admin)  # kept: the law
    assert frontend.get("members", "/v1/members/me", other)["last_name"] == "Quarkwright"
    assert frontend.get("members", f"/v1/members/{other_id}", admin)["email"] != ann_email
