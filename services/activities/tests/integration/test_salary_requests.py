"""Salary requests against the embedded broker and database: refused with the figures beyond
the budget, held for the counsellor above the threshold, approved at once within the rules
(the event members declares to payroll), the budget kept aside until the payslip takes it, and
released when payroll refuses the contract."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from smart_common.auth import Role
from smart_common.events.members import JobCancelled
from smart_common.events.payroll import ContractRefused, PayslipIssued
from smart_common.persistence import OUTBOX
from smart_devstack.receipt_files import image
from smart_devstack.samples import envelope_of
from smart_devstack.testing import eventually


def salary_request(clock, amount: str, **changes) -> dict:
    start = clock.today() + timedelta(days=1)
    return {
        "period": {
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=4)).isoformat(),
            "worked_days": 5,
        },
        "amount": amount,
        "contract_type": "employee",
        "occupation_code": "7115",
        "description": "Carpentry for the activity's own orders",
    } | changes


async def approvals(app) -> list[dict]:
    found = await app.state.runtime.uow.find(
        OUTBOX, {"envelope.type": "coop.smart.activities.salary_request.approved.v1"}
    )
    return [document["envelope"]["data"] for document in found]


async def test_a_salary_request_holds_the_budget_until_its_payslip(
    activities, budget_activity, deliver_all, clock, bearer
):
    app, client, settings = activities
    activity_id, member = await budget_activity("member-s", jobs=6)  # 6 × 935.00 available
    base = f"/v1/activities/{activity_id}"
    ask = f"{base}/salary-requests"

    too_much = await client.post(ask, json=salary_request(clock, "6000.00"), headers=member)
    assert too_much.status_code == 422
    assert "6000.00 EUR asked, 5610.00 EUR available" in too_much.json()["detail"]
    begun = salary_request(clock, "100.00")
    begun["period"]["start_date"] = (clock.today() - timedelta(days=1)).isoformat()
    for refused in (
        begun,
        salary_request(clock, "100.00", contract_type="student"),
        salary_request(clock, "100.00", contract_type="astronaut"),
        salary_request(clock, "-5.00"),
    ):
        answer = await client.post(ask, json=refused, headers=member)
        assert answer.status_code == 422, (refused, answer.text)

    large = await client.post(ask, json=salary_request(clock, "5500.00"), headers=member)
    assert large.status_code == 201, large.text
    held = large.json()
    assert held["status"] == "requested" and held["review_id"]
    assert await approvals(app) == []  # payroll hears of it once the counsellor approves
    balance = (await client.get(f"{base}/balance", headers=member)).json()
    assert (balance["committed"], balance["available"]) == ("5500.00", "110.00")

    rest = await client.post(
        ask, json=salary_request(clock, "all"), headers=member | {"Idempotency-Key": "s-1"}
    )
    assert rest.status_code == 201, rest.text
    again = await client.post(
        ask, json=salary_request(clock, "all"), headers=member | {"Idempotency-Key": "s-1"}
    )
    assert again.status_code == 200 and again.json() == rest.json()
    small = rest.json()
    assert (small["budget"], small["status"]) == ("110.00", "approved")
    [approved] = await approvals(app)
    assert (approved["salary_request_id"], approved["budget"]) == (
        small["salary_request_id"],
        "110.00",
    )
    nothing_left = await client.post(ask, json=salary_request(clock, "all"), headers=member)
    assert nothing_left.status_code == 422 and "0.00 EUR available" in nothing_left.json()["detail"]

    counsellor = bearer(settings, "counsellor-s", Role.MEMBER, Role.COUNSELLOR)
    decided = await client.post(
        f"/v1/reviews/{held['review_id']}/decision",
        json={"decision": "approve", "comment": "A month of orders"},
        headers=counsellor,
    )
    assert decided.status_code == 200, decided.text
    assert len(await approvals(app)) == 2

    # payroll pays the large one and refuses the small one's contract
    payslip = PayslipIssued(
        payslip_id="slip-s",
        contract_id="contract-s",
        job_id=held["salary_request_id"],
        member_id="member-s",
        trigger="salary_request",
        gross=Decimal("4100.00"),
        net=Decimal("2700.00"),
        expenses_reimbursed=Decimal("0.00"),
        currency="EUR",
        employer_cost=Decimal("5499.99"),
    )
    refusal = ContractRefused(
        contract_id="contract-t",
        job_id=small["salary_request_id"],
        member_id="member-s",
        reason="the salary cannot be paid from 110.00 EUR",
    )
    events = [
        (envelope_of(payslip, "slip-s", held["salary_request_id"]), payslip.stream),
        (envelope_of(refusal, "contract-t", small["salary_request_id"]), refusal.stream),
    ]
    await deliver_all(settings, events)
    await deliver_all(settings, events)  # redelivered: nothing twice

    async def settled():
        found = (await client.get(ask, headers=member)).json()["items"]
        statuses = {item["salary_request_id"]: item["status"] for item in found}
        return found if set(statuses.values()) == {"paid", "refused"} else None

    by_id = {item["salary_request_id"]: item for item in await eventually(settled)}
    assert by_id[held["salary_request_id"]]["payslip_id"] == "slip-s"
    assert by_id[small["salary_request_id"]]["reason"].startswith("the salary cannot")

    async def booked():
        found = (await client.get(f"{base}/balance", headers=member)).json()
        return found if found["salaries"] != "0.00" else None

    balance = await eventually(booked)
    # the payslip's employer cost; what the budget held beyond it (rounding) is available again
    assert (balance["salaries"], balance["committed"], balance["available"]) == (
        "5499.99",
        "0.00",
        "110.01",
    )
    other = bearer(settings, "member-o")
    seen = await client.get(f"/v1/salary-requests/{small['salary_request_id']}", headers=other)
    assert seen.status_code == 404


async def test_a_contract_mode_activity_has_no_salary_requests(activities, clock, bearer):
    _, client, settings = activities
    member = bearer(settings, "member-c")
    opened = await client.post("/v1/activities", json={"name": "Contracts"}, headers=member)
    answer = await client.post(
        f"/v1/activities/{opened.json()['activity_id']}/salary-requests",
        json=salary_request(clock, "100.00"),
        headers=member,
    )
    assert answer.status_code == 422 and "contract mode" in answer.json()["detail"]


async def test_the_payslip_reimburses_the_notes_its_request_names(
    activities, budget_activity, deliver_all, clock, bearer
):
    app, client, settings = activities
    activity_id, member = await budget_activity("member-r", jobs=2)  # 1,870.00 available
    base = f"/v1/activities/{activity_id}"
    drafted = await client.post(
        f"{base}/expense-notes",
        json={
            "description": "Atelier",
            "lines": [
                {
                    "date": (clock.today() - timedelta(days=1)).isoformat(),
                    "category": "supplies",
                    "supplier": "Brico Gent",
                    "amount_excl_vat": "100.00",
                    "vat": "21.00",
                    "amount_incl_vat": "121.00",
                }
            ],
        },
        headers=member,
    )
    note_id = drafted.json()["expense_note_id"]
    await client.post(
        f"/v1/expense-notes/{note_id}/receipts",
        files={"file": ("ticket.jpg", image("JPEG"), "image/jpeg")},
        headers=member,
    )
    submitted = await client.post(f"/v1/expense-notes/{note_id}/submission", headers=member)
    assert submitted.json()["status"] == "approved", submitted.text

    ask = f"{base}/salary-requests"
    asked = await client.post(
        ask, json=salary_request(clock, "500.00", expense_note_ids=[note_id]), headers=member
    )
    assert asked.status_code == 201, asked.text
    salary = asked.json()
    assert (salary["status"], salary["expenses"], salary["expense_note_ids"]) == (
        "approved",
        "121.00",
        [note_id],
    )
    [approved] = await approvals(app)
    assert (approved["expenses"], approved["expense_note_ids"]) == ("121.00", [note_id])
    twice = await client.post(
        ask, json=salary_request(clock, "100.00", expense_note_ids=[note_id]), headers=member
    )
    assert twice.status_code == 422 and "on salary request" in twice.json()["detail"]
    admin = bearer(settings, "admin-r", Role.MEMBER, Role.ADMIN)
    by_transfer = await client.post(
        f"/v1/expense-notes/{note_id}/payment",
        json={"bank_reference": "NOTE-R"},
        headers=admin | {"Idempotency-Key": "r-1"},
    )
    assert by_transfer.status_code == 409  # its salary's payslip pays it

    payslip = PayslipIssued(
        payslip_id="slip-r",
        contract_id="contract-r",
        job_id=salary["salary_request_id"],
        member_id="member-r",
        trigger="salary_request",
        gross=Decimal("390.00"),
        net=Decimal("300.00"),
        expenses_reimbursed=Decimal("121.00"),
        currency="EUR",
        employer_cost=Decimal("499.98"),
    )
    await deliver_all(settings, [(envelope_of(payslip, "slip-r", "slip-r"), payslip.stream)])

    async def reimbursed():
        found = (await client.get(f"/v1/expense-notes/{note_id}", headers=member)).json()
        return found if found["status"] == "paid" else None

    note = await eventually(reimbursed)
    assert note["history"][-1]["comment"] == "reimbursed by payslip slip-r"
    balance = (await client.get(f"{base}/balance", headers=member)).json()
    assert (balance["salaries"], balance["expenses"], balance["committed"]) == (
        "499.98",
        "121.00",
        "0.00",
    )
    assert balance["available"] == "1249.02"  # 1,870.00 − 499.98 − 121.00


async def test_a_cancelled_salary_job_gives_its_budget_back(
    activities, budget_activity, deliver_all, clock
):
    _, client, settings = activities
    activity_id, member = await budget_activity("member-x", jobs=2)
    base = f"/v1/activities/{activity_id}"
    asked = await client.post(
        f"{base}/salary-requests", json=salary_request(clock, "800.00"), headers=member
    )
    request_id = asked.json()["salary_request_id"]
    cancelled = JobCancelled(
        job_id=request_id, member_id="member-x", entity="BE", reason="The order fell through"
    )
    await deliver_all(
        settings, [(envelope_of(cancelled, request_id, request_id), cancelled.stream)]
    )

    async def released():
        found = (await client.get(f"/v1/salary-requests/{request_id}", headers=member)).json()
        return found if found["status"] == "cancelled" else None

    assert (await eventually(released))["history"][-1]["comment"] == "The order fell through"
    balance = (await client.get(f"{base}/balance", headers=member)).json()
    assert (balance["committed"], balance["available"]) == ("0.00", "1870.00")
