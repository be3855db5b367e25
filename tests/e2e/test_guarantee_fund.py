"""The guarantee fund keeps books: an unpaid invoice's salary is an advance; a counsellor
proposes to write the receivable off and another administrator approves (four eyes); the
client's later payment reverses the loss and recovers the advance — the fund's books balance
at every step, over HTTP on the running suite."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.stack


def _fund(frontend, staff, receivable_id):
    return frontend.get(
        "collections", "/v1/guarantee-fund", staff, receivable_id=receivable_id, limit=20
    )


def _losses(fund) -> Decimal:
    [books] = [b for b in fund["books"] if b["currency"] == "EUR"]
    assert books["balanced"], books
    return Decimal(books["losses"])


def test_a_written_off_receivable_paid_later_leaves_the_books_balanced(frontend):
    member, _ = frontend.new_member()
    job_id = frontend.declare_job(member, frontend.new_client(member)).json()["job_id"]
    frontend.wait_for_step(member, job_id, "invoice_sent", timeout=20)
    admin = frontend.admin()
    counsellor = frontend.staff_member("counsellor")
    receivable = frontend.receivable_of(admin, job_id)
    receivable_id = receivable["receivable_id"]
    propose = frontend.url("collections", f"/v1/receivables/{receivable_id}/write-off")

    early = frontend.http.post(propose, headers=counsellor, json={"reason": "client insolvent"})
    assert early.status_code == 409, early.text  # not guaranteed: the fund lost nothing yet
    run = frontend.post_money(
        "collections", "/v1/guarantee-runs", admin, json={"as_of": receivable["guarantee_date"]}
    )
    assert receivable_id in run.json()["guaranteed_receivables"], run.text
    frontend.wait_for_step(member, job_id, "salary_guaranteed", "payslip_issued", timeout=20)
    before = _losses(_fund(frontend, admin, receivable_id))

    proposed = frontend.http.post(propose, headers=counsellor, json={"reason": "client insolvent"})
    assert proposed.status_code == 201, proposed.text
    write_off = proposed.json()
    assert (write_off["status"], write_off["amount"]) == ("proposed", receivable["amount"])
    twice = frontend.http.post(propose, headers=counsellor, json={"reason": "again"})
    assert twice.status_code == 409
    decide = frontend.url("collections", f"/v1/write-offs/{write_off['write_off_id']}/decision")
    assert (
        frontend.http.post(decide, headers=counsellor, json={"decision": "approve"}).status_code
        == 403
    )
    approved = frontend.http.post(decide, headers=admin, json={"decision": "approve"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    again = frontend.http.post(decide, headers=admin, json={"decision": "reject"})
    assert again.status_code == 409

    fund = _fund(frontend, admin, receivable_id)
    assert _losses(fund) == before + Decimal(receivable["amount"])
    written = frontend.get("collections", f"/v1/receivables/{receivable_id}", admin)
    assert written["status"] == "written_off"

    frontend.pay(admin, receivable["payment_reference"], receivable["amount"])
    job, _ = frontend.wait_for_step(member, job_id, "payment_received", timeout=20)
    assert [e["step"] for e in job["timeline"]].count("payslip_issued") == 1
    fund = _fund(frontend, admin, receivable_id)
    assert _losses(fund) == before
    kinds = sorted(m["kind"] for m in fund["movements"])
    assert kinds == ["advanced", "loss_reversed", "recovered", "written_off"]
    per_account: dict[str, Decimal] = {}
    for movement in fund["movements"]:
        for line in movement["lines"]:
            per_account[line["account"]] = per_account.get(line["account"], 0) + Decimal(
                line["amount"]
            )
    assert per_account == {"fund_cash": 0, "advances": 0, "losses": 0}
    paid = frontend.get("collections", f"/v1/receivables/{receivable_id}", admin)
    assert (paid["status"], paid["written_off"], paid["fund_recovered"]) == (
        "paid",
        "0.00",
        receivable["amount"],
    )
