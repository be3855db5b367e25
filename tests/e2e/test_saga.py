"""The one-action saga over HTTP, with every service a separate process (embedded stack)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from smart_collections.domain.guarantee import guarantee_date
from smart_common.rulepacks import default_rule_book
from smart_payroll.domain.belgian_payslip import TaxSituation, payslip_for_job

pytestmark = pytest.mark.stack

SAGA_UNTIL_INVOICE = ["declared", "contract_generated", "dimona_accepted", "invoice_sent"]
SAGA_AFTER_PAYMENT = ["payment_received", "payslip_issued", "declaration_filed"]


def steps(job: dict) -> list[str]:
    return [entry["step"] for entry in job["timeline"]]


def test_declaring_a_job_sets_everything_in_motion(frontend, stack):
    member, _member_id = frontend.new_member()
    client_id = frontend.new_client(member)
    response = frontend.declare_job(member, client_id, key="first-job")
    assert response.status_code == 201
    job_id = response.json()["job_id"]
    assert response.headers["location"] == f"/v1/jobs/{job_id}"

    job, seconds = frontend.wait_for_step(member, job_id, *SAGA_UNTIL_INVOICE, timeout=10)
    assert steps(job) == SAGA_UNTIL_INVOICE, job["timeline"]
    assert job["status"] == "invoiced"
    print(f"invoice_sent reached {seconds:.2f} s after the declaration")

    # the same declaration again with the same key: same job, nothing new
    again = frontend.declare_job(member, client_id, key="first-job")
    assert again.status_code == 200 and again.json()["job_id"] == job_id
    assert len(frontend.get("members", "/v1/jobs", member)) == 1

    contract = frontend.get(
        "payroll", f"/v1/contracts/{frontend.document(job, 'contract_generated')}", member
    )
    assert (contract["start_date"], contract["end_date"]) == (frontend.days(7), frontend.days(8))
    [dimona] = frontend.get(
        "payroll", "/v1/declarations", member, contract_id=contract["contract_id"]
    )
    assert dimona["kind"] == "dimona" and dimona["status"] == "accepted" and dimona["result"] == "A"

    invoice = frontend.get(
        "invoicing", f"/v1/invoices/{frontend.document(job, 'invoice_sent')}", member
    )
    lines = sum(Decimal(line["net_amount"]) for line in invoice["document"]["lines"])
    vat = sum(Decimal(group["vat_amount"]) for group in invoice["document"]["vat_groups"])
    assert lines == Decimal(invoice["total_excl_vat"]) == Decimal("1500.00")
    assert vat == Decimal(invoice["total_vat"]) == Decimal("315.00")
    assert lines + vat == Decimal(invoice["total_incl_vat"]) == Decimal("1815.00")
    assert invoice["status"] == "sent" and invoice["payment_reference"].startswith("+++")
    # a Belgian business client receives it over Peppol, through the access point
    assert invoice["delivery"]["channel"] == "peppol"
    received = frontend.http.get(
        f"http://127.0.0.1:{stack.ports.peppol}/v1/documents",
        params={"receiver": "0208:0403019261"},
    ).json()
    assert any(doc["number"] == invoice["number"] for doc in received)

    frontend.pay(frontend.admin(), invoice["payment_reference"], invoice["total_incl_vat"])
    job, seconds = frontend.wait_for_step(member, job_id, *SAGA_AFTER_PAYMENT, timeout=10)
    print(f"declaration_filed reached {seconds:.2f} s after the payment")
    assert steps(job) == SAGA_UNTIL_INVOICE + SAGA_AFTER_PAYMENT
    assert job["status"] == "completed"

    payslip = frontend.get(
        "payroll", f"/v1/payslips/{frontend.document(job, 'payslip_issued')}", member
    )
    expected = payslip_for_job(
        Decimal("1500.00"),
        Decimal("50.00"),
        default_rule_book().pack("BE", date.fromisoformat(frontend.days(8))),
        TaxSituation(),
    )
    assert payslip["figures"] == expected.as_dict()
    assert payslip["figures"]["contribution"] == "97.50"
    assert payslip["figures"]["budget"] == "1352.50"
    assert payslip["payment_order"]["amount"] == payslip["figures"]["net_paid"]
    declarations = frontend.get(
        "payroll", "/v1/declarations", member, contract_id=contract["contract_id"]
    )
    [periodic] = [item for item in declarations if item["kind"] == "dmfa_quarterly"]
    end = date.fromisoformat(frontend.days(8))
    assert periodic["period"] == f"{end.year}-Q{(end.month - 1) // 3 + 1}"
    assert periodic["line"]["remuneration"]["gross"] == payslip["figures"]["gross"]

    # governance: one EUR 30 share, once paid, makes the member a shareholder
    subscription = frontend.post_money("governance", "/v1/shares", member, json={"shares": 1})
    assert subscription.status_code == 201 and subscription.json()["total"] == "30.00"
    assert not frontend.get("members", "/v1/members/me", member)["shareholder"]  # not paid yet
    paid = frontend.http.post(
        frontend.url("governance", f"/v1/shares/{subscription.json()['subscription_id']}/payment"),
        headers=frontend.admin(),
        json={"paid_on": frontend.today.isoformat()},
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid", paid.text
    frontend.wait_for(lambda: frontend.get("members", "/v1/members/me", member)["shareholder"])


def test_unpaid_invoice_is_guaranteed_once_on_its_date(frontend):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, *SAGA_UNTIL_INVOICE)
    admin = frontend.admin()
    receivable = frontend.receivable_of(member, job_id)
    # the pack's working days after the job's end (the unit tests pin the calendar itself)
    end = date.fromisoformat(frontend.days(8))
    expected = guarantee_date(end, default_rule_book().pack("BE", end).value("salary_guarantee"))
    assert receivable["guarantee_date"] == expected.isoformat()
    early = frontend.post_money(
        "collections",
        "/v1/guarantee-runs",
        admin,
        json={"as_of": (expected - timedelta(days=1)).isoformat()},
    ).json()
    assert receivable["receivable_id"] not in early["guaranteed_receivables"]
    due = frontend.post_money(
        "collections", "/v1/guarantee-runs", admin, json={"as_of": expected.isoformat()}
    ).json()
    assert receivable["receivable_id"] in due["guaranteed_receivables"]
    job, _ = frontend.wait_for_step(
        member, job_id, "salary_guaranteed", "payslip_issued", "declaration_filed"
    )
    assert steps(job) == [
        *SAGA_UNTIL_INVOICE,
        "salary_guaranteed",
        "payslip_issued",
        "declaration_filed",
    ]

    # the client pays late: the payment is recorded, but no second salary
    frontend.pay(admin, receivable["payment_reference"], receivable["amount"])
    job, _ = frontend.wait_for_step(member, job_id, "payment_received")
    assert steps(job).count("payslip_issued") == 1
    payslip = frontend.get(
        "payroll", f"/v1/payslips/{frontend.document(job, 'payslip_issued')}", member
    )
    assert payslip["trigger"] == "salary_guaranteed"


def test_bad_input_gets_problem_details_and_stores_nothing(frontend):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    other, _ = frontend.new_member()
    other_client = frontend.new_client(other)
    for changes, auth in (
        ({"amount_excl_vat": "-1.00"}, member),
        ({"end_date": frontend.days(-30)}, member),
        ({"client_id": "unknown"}, member),
        ({"client_id": other_client}, member),
        ({}, {"Authorization": "Bearer wrong"}),
    ):
        response = frontend.declare_job(auth, changes.pop("client_id", client_id), **changes)
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"] == "application/problem+json"
    response = frontend.http.post(
        frontend.url("members", "/v1/jobs"),
        headers=member | {"content-type": "application/json"},
        content=b"{not json",
    )
    assert response.status_code == 422
    assert frontend.get("members", "/v1/jobs", member) == []
