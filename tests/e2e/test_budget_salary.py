"""A salary from a budget-mode activity over HTTP on the whole stack: the member asks for all
that is available; the request becomes one of their jobs, payroll generates its contract and
Dimona and, once accepted, the payslip from that budget (no second contribution, no invoice);
the ledger books it and nothing is left to ask for."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytestmark = pytest.mark.stack


def test_a_member_pays_themselves_from_their_activitys_budget(frontend):
    member, member_id = frontend.new_member()
    opened = frontend.http.post(
        frontend.url("activities", "/v1/activities"),
        headers=member,
        json={"name": "Studio son", "mode": "budget"},
    )
    assert opened.status_code == 201, opened.text
    activity_id = opened.json()["activity_id"]
    frontend.paid_budget_job(member, activity_id)
    frontend.paid_budget_job(member, activity_id)
    base = f"/v1/activities/{activity_id}"

    def funded():
        balance = frontend.get("activities", f"{base}/balance", member)
        return balance if balance["available"] == "2805.00" else None

    frontend.wait_for(funded, timeout=30)
    request = {
        "period": {"start_date": frontend.days(3), "end_date": frontend.days(7), "worked_days": 5},
        "amount": "3000.00",
        "contract_type": "employee",
        "occupation_code": "3521",
        "description": "Sound engineering for the studio's productions",
    }
    path = frontend.url("activities", f"{base}/salary-requests")
    too_much = frontend.http.post(path, headers=member, json=request)
    assert too_much.status_code == 422, too_much.text
    assert "3000.00 EUR asked, 2805.00 EUR available" in too_much.json()["detail"]

    asked = frontend.post_money(
        "activities", f"{base}/salary-requests", member, json=request | {"amount": "all"}
    )
    assert asked.status_code == 201, asked.text
    salary = asked.json()
    assert (salary["budget"], salary["status"]) == ("2805.00", "approved")
    request_id = salary["salary_request_id"]

    job_id = request_id  # members keeps it as one of the member's jobs, with its timeline
    frontend.wait_for(
        lambda: (
            frontend.http.get(
                frontend.url("members", f"/v1/jobs/{job_id}"), headers=member
            ).status_code
            == 200
        ),
        timeout=30,
    )
    job, _ = frontend.wait_for_step(
        member, job_id, "contract_generated", "dimona_accepted", "payslip_issued", timeout=60
    )
    assert (job["kind"], job["activity_id"], job["member_id"]) == (
        "salary_request",
        activity_id,
        member_id,
    )
    assert "invoice_sent" not in {entry["step"] for entry in job["timeline"]}
    payslip = frontend.get(
        "payroll", f"/v1/payslips/{frontend.document(job, 'payslip_issued')}", member
    )
    figures = payslip["figures"]
    assert (payslip["trigger"], figures["contribution"], figures["budget"]) == (
        "salary_request",
        "0.00",
        "2805.00",
    )
    assert Decimal(figures["employer_cost"]) <= Decimal("2805.00")
    assert Decimal(figures["net"]) < Decimal(figures["gross"])
    assert frontend.get("invoicing", "/v1/invoices", member, job_id=job_id) == []

    def paid():
        found = frontend.get("activities", f"/v1/salary-requests/{request_id}", member)
        return found if found["status"] == "paid" else None

    assert frontend.wait_for(paid, timeout=30)["payslip_id"] == payslip["payslip_id"]
    balance = frontend.get("activities", f"{base}/balance", member)
    cost = Decimal(figures["employer_cost"])  # what the ledger shows as the salary's cost
    assert (balance["salaries"], balance["committed"]) == (str(cost), "0.00")
    assert Decimal(balance["available"]) == Decimal("2805.00") - cost  # rounding, if any
    again = frontend.http.post(path, headers=member, json=request | {"amount": "1.00"})
    assert again.status_code == 422, again.text  # the budget went to the salary
