"""A budget-mode activity over HTTP on the whole stack: its jobs are invoiced and paid with no
contract and no payslip, the revenue stays in its budget; an expense note is approved at once
under the threshold and reviewed above it; receipts are told by their content; a financing is
repaid from the next invoice's payment; nobody else sees any of it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smart_devstack.receipt_files import executable, huge_png, image, oversized, pdf
from smart_devstack.samples import VALID_IBAN

pytestmark = pytest.mark.stack


def expense_note(frontend, member, activity_id: str, amount: str) -> str:
    vat = (Decimal(amount) * Decimal("0.21")).quantize(Decimal("0.01"))
    drafted = frontend.http.post(
        frontend.url("activities", f"/v1/activities/{activity_id}/expense-notes"),
        headers=member,
        json={
            "lines": [
                {
                    "date": frontend.days(-2),
                    "category": "equipment",
                    "supplier": "Brico Gent",
                    "amount_excl_vat": amount,
                    "vat": str(vat),
                    "amount_incl_vat": str(Decimal(amount) + vat),
                }
            ]
        },
    )
    assert drafted.status_code == 201, drafted.text
    return drafted.json()["expense_note_id"]


def test_a_budget_activity_keeps_its_revenue_and_pays_notes_and_a_financing(frontend):
    member, _ = frontend.new_member()
    other, _ = frontend.new_member()
    opened = frontend.http.post(
        frontend.url("activities", "/v1/activities"),
        headers=member,
        json={"name": "Atelier bois", "mode": "budget"},
    )
    assert opened.status_code == 201, opened.text
    activity_id = opened.json()["activity_id"]
    first = frontend.paid_budget_job(member, activity_id)
    frontend.paid_budget_job(member, activity_id)

    job = frontend.job(member, first)
    steps = [entry["step"] for entry in job["timeline"]]
    assert "contract_generated" not in steps and "payslip_issued" not in steps, steps
    assert job["status"] == "completed"
    base = f"/v1/activities/{activity_id}"

    def both_paid():
        balance = frontend.get("activities", f"{base}/balance", member)
        return balance if balance["received"] == "3000.00" else None

    balance = frontend.wait_for(both_paid, timeout=30)
    assert (balance["contribution"], balance["salaries"], balance["available"]) == (
        "195.00",
        "0.00",
        "2805.00",
    )

    notes = frontend.url("activities", "/v1/expense-notes")
    small = expense_note(frontend, member, activity_id, "40.00")
    for name, data in [("a.pdf", executable()), ("b.png", huge_png()), ("c.pdf", oversized())]:
        refused = frontend.http.post(
            f"{notes}/{small}/receipts", headers=member, files={"file": (name, data)}
        )
        assert refused.status_code == 422, (name, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
    attached = frontend.http.post(
        f"{notes}/{small}/receipts", headers=member, files={"file": ("t.png", image())}
    )
    assert attached.status_code == 200, attached.text
    submitted = frontend.http.post(f"{notes}/{small}/submission", headers=member).json()
    assert submitted["status"] == "approved" and submitted["history"][-1]["by"] == "automatic"

    large = expense_note(frontend, member, activity_id, "700.00")
    frontend.http.post(
        f"{notes}/{large}/receipts", headers=member, files={"file": ("i.pdf", pdf())}
    )
    waiting = frontend.http.post(f"{notes}/{large}/submission", headers=member).json()
    assert waiting["status"] == "submitted", waiting
    admin = frontend.admin()
    [review] = [
        item
        for item in frontend.get("activities", "/v1/reviews", admin)["items"]
        if item["operation"]["id"] == large
    ]
    decided = frontend.http.post(
        frontend.url("activities", f"/v1/reviews/{review['review_id']}/decision"),
        headers=admin,
        json={"decision": "approve", "comment": "Agreed with the counsellor"},
    )
    assert decided.status_code == 200, decided.text
    assert frontend.get("activities", f"/v1/expense-notes/{large}", member)["status"] == "approved"

    asked = frontend.http.post(
        frontend.url("activities", f"{base}/financing-requests"),
        headers=member,
        json={
            "amount": "300.00",
            "purpose": "A tripod",
            "months": 3,
            "payee": {"name": "Foto Gent", "iban": VALID_IBAN},
        },
    )
    assert asked.status_code == 201, asked.text
    financing = asked.json()
    frontend.http.post(
        frontend.url("activities", f"/v1/reviews/{financing['review_id']}/decision"),
        headers=admin,
        json={"decision": "approve"},
    ).raise_for_status()
    frontend.paid_budget_job(member, activity_id)  # the next invoice's payment repays an instalment
    path = f"/v1/financing/{financing['financing_id']}"

    def repaid():
        found = frontend.get("activities", path, member)
        return found if found["repaid"] == "100.00" else None

    assert frontend.wait_for(repaid, timeout=30)["due_now"] == "0.00"
    balance = frontend.get("activities", f"{base}/balance", member)
    assert balance["financing_owed"] == "200.00" and balance["repayments_due"] == "0.00"
    for movement in frontend.get("activities", f"{base}/ledger", member, limit=500)["items"]:
        debit = sum(Decimal(line["debit"]) for line in movement["lines"])
        assert debit == sum(Decimal(line["credit"]) for line in movement["lines"]), movement

    for route in (base, f"{base}/balance", f"/v1/expense-notes/{large}", path):
        seen = frontend.http.get(frontend.url("activities", route), headers=other)
        assert seen.status_code == 404, route
    someone_elses = frontend.declare_job(other, frontend.new_client(other), activity_id=activity_id)
    assert someone_elses.status_code == 422, someone_elses.text
