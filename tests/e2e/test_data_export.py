"""A member's data export (GDPR art. 15 and 20) as the member meets it: asked for once, assembled
by every service, downloaded once — holding every document of theirs and nothing of anyone
else's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from smart_devstack.samples import VALID_IBAN

pytestmark = pytest.mark.stack


def _paid_job(frontend, member, client_id):
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=20)
    frontend.pay_invoice_of(member, job)
    job, _ = frontend.wait_for_step(member, job_id, "payslip_issued", timeout=20)
    return job


def _ready(frontend, member, export_id):
    def fetch():
        found = frontend.get("members", f"/v1/members/me/data-exports/{export_id}", member)
        return found if found["status"] == "ready" else None

    return frontend.wait_for(fetch, timeout=30)


def test_an_export_holds_every_document_of_the_member_and_nothing_of_anyone_else(frontend):
    ann, ann_id = frontend.new_member()
    other, other_id = frontend.new_member(first_name="Zoltan", last_name="Quarkwright")
    ann_job = _paid_job(frontend, ann, frontend.new_client(ann))
    other_job = _paid_job(frontend, other, frontend.new_client(other, name="Quarkwright Studio"))
    ann_invoice = frontend.get("invoicing", f"/v1/invoices?job_id={ann_job['job_id']}", ann)[0]
    other_invoice = frontend.get("invoicing", f"/v1/invoices?job_id={other_job['job_id']}", other)[
        0
    ]
    ann_email = frontend.get("members", "/v1/members/me", ann)["email"]
    other_email = frontend.get("members", "/v1/members/me", other)["email"]

    asked = frontend.http.post(frontend.url("members", "/v1/members/me/data-export"), headers=ann)
    assert asked.status_code == 202, asked.text
    export_id = asked.json()["export_id"]
    again = frontend.http.post(frontend.url("members", "/v1/members/me/data-export"), headers=ann)
    assert again.status_code == 409 and again.json()["export_id"] == export_id
    path = f"/v1/members/me/data-exports/{export_id}"
    assert frontend.http.get(frontend.url("members", path), headers=other).status_code == 404
    ready = _ready(frontend, ann, export_id)
    assert set(ready["parts"]) == {
        "invoicing",
        "payroll",
        "collections",
        "governance",
        "activities",
    }
    assert (
        frontend.http.get(frontend.url("members", f"{path}/archive"), headers=other).status_code
        == 404
    )

    download = frontend.http.get(frontend.url("members", f"{path}/archive"), headers=ann)
    assert download.status_code == 200, download.text
    assert download.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = set(archive.namelist())
    number = ann_invoice["number"]
    payslip_id = frontend.document(ann_job, "payslip_issued")
    for expected in (
        "README.txt",
        "members/users.json",
        "members/jobs.json",
        "members/clients.json",
        f"invoicing/documents/{number}.pdf",
        f"invoicing/documents/{number}.xml",
        f"payroll/documents/payslip-{payslip_id}.pdf",
        "payroll/contracts.json",
        "payroll/hiring_declarations.json",
        "collections/receivables.json",
        "collections/payments.json",
        "governance/share_subscriptions.json",
        "activities/activities.json",
        "activities/movements.json",
    ):
        assert expected in names, sorted(names)
    assert archive.read(f"invoicing/documents/{number}.pdf").startswith(b"%PDF")
    assert archive.read(f"payroll/documents/payslip-{payslip_id}.pdf").startswith(b"%PDF")

    records = {name: archive.read(name).decode() for name in names if name.endswith(".json")}
    everything = "\n".join(records.values())
    for stranger in (
        other_id,
        other_email,
        "Quarkwright",
        other_job["job_id"],
        other_invoice["number"],
    ):
        assert stranger not in everything, stranger
    (user,) = json.loads(records["members/users.json"])
    assert user["email"] == ann_email and user["_id"] == ann_id
    assert user["iban"] == VALID_IBAN  # their own IBAN, opened
    assert "password_hash" not in user and "sealed:" not in everything
    assert [job["_id"] for job in json.loads(records["members/jobs.json"])] == [ann_job["job_id"]]
    (payment,) = json.loads(records["collections/payments.json"])
    (activity,) = json.loads(records["activities/activities.json"])
    assert activity["member_id"] == ann_id
    kinds = {movement["kind"] for movement in json.loads(records["activities/movements.json"])}
    assert {"invoice_issued", "payment_received", "salary"} <= kinds
    assert payment["invoice_id"] == ann_invoice["invoice_id"]

    twice = frontend.http.get(frontend.url("members", f"{path}/archive"), headers=ann)
    assert twice.status_code == 410
    assert frontend.get("members", path, ann)["status"] == "downloaded"
    anew = frontend.http.post(frontend.url("members", "/v1/members/me/data-export"), headers=ann)
    assert anew.status_code == 202, anew.text


def test_an_export_is_asked_for_logged_in_only(frontend):
    assert (
        frontend.http.post(frontend.url("members", "/v1/members/me/data-export")).status_code == 401
    )
