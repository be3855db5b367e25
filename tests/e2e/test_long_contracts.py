"""A long contract driven like a client: declared by the member, generated and declared to
Dimona by payroll, paid month by month from the smoothed plan, adjusted to the actual revenue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def next_months(today: date, count: int) -> list[str]:
    index = today.year * 12 + today.month  # next month
    return [f"{(index + n) // 12}-{(index + n) % 12 + 1:02d}" for n in range(count)]


def test_a_long_contract_is_paid_month_by_month_and_absorbs_the_actual_revenue(frontend):
    member, _ = frontend.new_member()
    months = next_months(frontend.today, 3)
    bad = frontend.http.post(
        frontend.url("members", "/v1/long-contracts"),
        headers=member,
        json={
            "description": "Graphic design",
            "occupation_code": "2166",
            "start_month": months[0],
            "forecast": ["3000.00", "-1.00", "3000.00"],
        },
    )
    assert bad.status_code == 422 and "negative" in bad.json()["detail"]
    declared = frontend.http.post(
        frontend.url("members", "/v1/long-contracts"),
        headers=member,
        json={
            "description": "Graphic design",
            "occupation_code": "2166",
            "start_month": months[0],
            "forecast": ["3000.00", "3000.00", "3000.00"],
            "monthly_expenses": "50.00",
        },
    )
    assert declared.status_code == 201, declared.text
    long_id = declared.json()["job_id"]
    assert declared.json()["kind"] == "long_contract" and declared.json()["months"] == 3
    job, _ = frontend.wait_for_step(
        member, long_id, "contract_generated", "dimona_accepted", timeout=60
    )
    contract_id = frontend.document(job, "contract_generated")
    [dimona] = frontend.get("payroll", "/v1/declarations", member, contract_id=contract_id)
    assert dimona["body"]["dimonaIn"]["startDate"] == f"{months[0]}-01"
    assert dimona["body"]["dimonaIn"]["endDate"].startswith(months[2])

    plan = frontend.get("payroll", f"/v1/long-contracts/{contract_id}", member)["plan"]
    budgets = [Decimal(month["budget"]) for month in plan["schedule"]]
    assert budgets[0] == budgets[1] and sum(budgets) == Decimal(plan["total_budget"])
    assert Decimal(plan["total_budget"]) == Decimal("9000.00") - Decimal("585.00") - Decimal(
        "150.00"
    )  # 6.5 % contribution, three months of expenses

    admin = frontend.admin()
    url = frontend.url("payroll", f"/v1/long-contracts/{contract_id}/payslips")
    assert frontend.http.post(url, headers=member, json={"month": months[0]}).status_code == 403
    assert frontend.http.post(url, headers=admin, json={"month": "2031-01"}).status_code == 422
    assert frontend.http.post(url, headers=admin, json={"month": months[1]}).status_code == 409
    first = frontend.http.post(url, headers=admin, json={"month": months[0]})
    assert first.status_code == 201, first.text
    assert first.json()["figures"]["budget"] == str(budgets[0])
    assert Decimal(first.json()["figures"]["net_paid"]) == Decimal(
        first.json()["figures"]["net"]
    ) + Decimal("50.00")
    again = frontend.http.post(url, headers=admin, json={"month": months[0]})
    assert again.status_code == 409

    # the first month brought less than forecast: the two months left absorb it
    revenue = frontend.url("payroll", f"/v1/long-contracts/{contract_id}/revenue/{months[0]}")
    recorded = frontend.http.put(revenue, headers=admin, json={"amount": "1500.00"})
    assert recorded.status_code == 200, recorded.text
    adjusted = recorded.json()["plan"]
    later = [Decimal(month["budget"]) for month in adjusted["schedule"]]
    assert later[0] == budgets[0] and later[1] < budgets[1]
    assert abs(later[1] - later[2]) <= Decimal("0.01")
    assert sum(later) == Decimal(adjusted["total_budget"])
    changed = frontend.http.put(revenue, headers=admin, json={"amount": "1600.00"})
    assert changed.status_code == 409
    second = frontend.http.post(url, headers=admin, json={"month": months[1]})
    assert second.status_code == 201, second.text
    assert second.json()["figures"]["budget"] == str(later[1])
    same_year = months[0][:4] == months[1][:4]  # cumulative figures run per calendar year
    assert Decimal(second.json()["cumulative"]["gross"]) == Decimal(
        second.json()["figures"]["gross"]
    ) + (Decimal(first.json()["figures"]["gross"]) if same_year else 0)

    def both_months_on_the_timeline():
        # payslips and declarations come on two topics: wait for both of each month
        found = frontend.job(member, long_id)
        steps = [entry["step"] for entry in found["timeline"]]
        done = steps.count("declaration_filed") == steps.count("payslip_issued") == 2
        return found if done else None

    job = frontend.wait_for(both_months_on_the_timeline, timeout=30)
    assert [entry["step"] for entry in job["timeline"]].count("payslip_issued") == 2
    assert job["status"] == "salaried"  # a month declared is not the end of the contract

    # the activity stops: the contract ends with the second month, the Dimona period follows
    end = frontend.url("payroll", f"/v1/long-contracts/{contract_id}/early-end")
    too_early = frontend.http.post(
        end, headers=admin, json={"last_month": months[0], "reason": "activity stopped"}
    )
    assert too_early.status_code == 409  # the second month is paid already
    ended = frontend.http.post(
        end, headers=admin, json={"last_month": months[1], "reason": "activity stopped"}
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["plan"]["months"] == months[:2]
    assert ended.json()["end_date"].startswith(months[1])
    assert frontend.http.post(url, headers=admin, json={"month": months[2]}).status_code == 422

    def update_accepted():
        found = frontend.job(member, long_id)
        return (
            found
            if any(entry.get("detail") == "dimona_update" for entry in found["timeline"])
            else None
        )

    frontend.wait_for(update_accepted, timeout=30)
    declarations = frontend.get("payroll", "/v1/declarations", admin, contract_id=contract_id)
    [update] = [item for item in declarations if item["kind"] == "dimona_update"]
    assert update["status"] == "accepted"
    assert update["body"]["dimonaUpdate"]["endDate"] == ended.json()["end_date"]

    # the last month brought more than forecast: closing pays what is left as a last payslip
    close = frontend.url("payroll", f"/v1/long-contracts/{contract_id}/regularisation")
    assert frontend.http.post(close, headers=admin).status_code == 409  # month 2 not known yet
    last_revenue = frontend.url("payroll", f"/v1/long-contracts/{contract_id}/revenue/{months[1]}")
    assert frontend.http.put(last_revenue, headers=admin, json={"amount": "5000.00"}).is_success
    closed = frontend.http.post(close, headers=admin)
    assert closed.status_code == 200, closed.text
    owed = Decimal("6500.00") - Decimal("422.50") - Decimal("100.00") - budgets[0] - later[1]
    assert closed.json()["figures"]["budget"] == str(owed)
    assert closed.json()["month"] == "regularisation"
    final = frontend.get("payroll", f"/v1/long-contracts/{contract_id}", admin)
    assert final["status"] == "completed"
    assert final["closing"]["to_regularise"] == str(owed)
    assert final["plan"]["to_regularise"] == "0.00"  # the last payslip paid it
    assert frontend.http.post(close, headers=admin).status_code == 409  # closed once
