"""A member's activity over HTTP, every service a separate process: the books of a paid job
in contract mode, read as the member and their counsellor would."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

pytestmark = pytest.mark.stack


def test_a_paid_job_is_in_its_activitys_books_and_comes_back_to_zero(frontend):
    member, _ = frontend.new_member()
    other, _ = frontend.new_member()
    job_id = frontend.declare_job(member, frontend.new_client(member)).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=30)
    frontend.pay_invoice_of(member, job)
    job, _ = frontend.wait_for_step(member, job_id, "payslip_issued", timeout=30)
    invoice = frontend.get(
        "invoicing", f"/v1/invoices/{frontend.document(job, 'invoice_sent')}", member
    )
    payslip = frontend.get(
        "payroll", f"/v1/payslips/{frontend.document(job, 'payslip_issued')}", member
    )

    [activity] = frontend.wait_for(
        lambda: frontend.get("activities", "/v1/activities", member)["items"], timeout=30
    )
    assert activity["mode"] == "contract" and activity["opened_by_first_job"]
    path = f"/v1/activities/{activity['activity_id']}"

    def settled():
        balance = frontend.get("activities", f"{path}/balance", member)
        return balance if balance["salaries"] != "0.00" else None

    balance = frontend.wait_for(settled, timeout=30)
    excl_vat = Decimal(invoice["total_excl_vat"])
    assert Decimal(balance["invoiced"]) == excl_vat
    assert Decimal(balance["received"]) == excl_vat
    assert balance["receivable"] == "0.00"
    assert Decimal(balance["contribution"]) == (excl_vat * Decimal("0.065")).quantize(
        Decimal("0.01")
    )
    assert balance["salaries"] == payslip["figures"]["employer_cost"]
    assert balance["expenses"] == payslip["figures"]["expenses_reimbursed"]
    # contract mode: the payslip took what the job brought in, to the rounding of its gross
    assert abs(Decimal(balance["available"])) <= Decimal("0.05"), balance

    ledger = frontend.get("activities", f"{path}/ledger", member)
    assert [item["kind"] for item in ledger["items"]] == [
        "invoice_issued",
        "payment_received",
        "contribution",
        "salary",
    ]
    exported = frontend.http.get(frontend.url("activities", f"{path}/ledger.csv"), headers=member)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert sum(Decimal(row["debit"]) - Decimal(row["credit"]) for row in rows) == 0

    statement = frontend.get("activities", f"{path}/statement", member)
    assert sum(Decimal(month["revenue"]) for month in statement["months"]) == excl_vat
    assert len(statement["months"]) == 13  # the last twelve months and this one

    assert frontend.http.get(frontend.url("activities", path), headers=other).status_code == 404
    staff = frontend.admin()
    assert frontend.get("activities", f"{path}/balance", staff) == frontend.get(
        "activities", f"{path}/balance", member
    )
