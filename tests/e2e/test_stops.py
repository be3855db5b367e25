"""What stops a job, with a clear reason on its timeline, and how it goes on once corrected:
a student beyond the yearly hours, an invalid national number, a refused Dimona."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.stack

OTHER_VALID_SSIN = "93051822361"


def quarter_after(day: date) -> date:
    """The first day of the quarter after ``day``'s."""
    first_month = (day.month - 1) // 3 * 3 + 1
    return date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)


def test_a_student_beyond_650_hours_is_stopped(frontend):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    quarter = quarter_after(frontend.today + timedelta(days=14))  # all of it in the future
    start, end = quarter + timedelta(days=9), quarter + timedelta(days=30)
    student = {
        "contract_type": "student",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
    }
    next_quarter = quarter_after(quarter)
    missing = frontend.declare_job(member, client_id, **student)
    assert missing.status_code == 422 and "planned_hours" in missing.json()["detail"]
    across = frontend.declare_job(
        member,
        client_id,
        contract_type="student",
        start_date=(next_quarter - timedelta(days=2)).isoformat(),
        end_date=(next_quarter + timedelta(days=1)).isoformat(),
        worked_days=4,
        planned_hours=30,
    )
    assert across.status_code == 422 and "one quarter" in across.json()["detail"]
    first = frontend.declare_job(member, client_id, planned_hours=400, worked_days=20, **student)
    assert first.status_code == 201, first.text
    frontend.wait_for_step(member, first.json()["job_id"], "contract_generated", timeout=30)
    second = frontend.declare_job(member, client_id, planned_hours=300, worked_days=20, **student)
    job, _ = frontend.wait_for_step(member, second.json()["job_id"], "contract_refused", timeout=30)
    assert job["status"] == "blocked"
    [refused] = [entry for entry in job["timeline"] if entry["step"] == "contract_refused"]
    assert f"400 h already contracted in {start.year}" in refused["detail"]
    assert "650 h" in refused["detail"]
    assert frontend.get("invoicing", "/v1/invoices", member, job_id=job["job_id"]) == []
    # the first job's Dimona is a student one, with its planned hours
    first_job, _ = frontend.wait_for_step(
        member, first.json()["job_id"], "dimona_accepted", timeout=30
    )
    [dimona] = frontend.get(
        "payroll",
        "/v1/declarations",
        member,
        contract_id=frontend.document(first_job, "contract_generated"),
    )
    assert dimona["body"]["dimonaIn"]["features"]["workerType"] == "STU"
    assert dimona["body"]["dimonaIn"]["plannedHoursNumber"] == 400


def test_an_invalid_national_number_is_refused_at_registration(frontend):
    response = frontend.http.post(
        frontend.url("members", "/v1/members"),
        json={
            "email": "wrong-ssin@example.org",
            "password": "correct-horse-battery",
            "first_name": "Bo",
            "last_name": "Wrong",
            "entity": "BE",
            "iban": "BE71096123456769",
            "national_register_number": "85073003329",
        },
    )
    assert response.status_code == 422
    assert "national_register_number" in response.json()["detail"]


def test_a_refused_dimona_blocks_the_job_until_a_counsellor_corrects_it(frontend, stack):
    unknown = "85073003328"  # valid checksum, unknown to the (simulated) national register
    frontend.http.put(
        f"http://127.0.0.1:{stack.ports.dimona}/simulator/unknown-persons/{unknown}"
    ).raise_for_status()
    member, _ = frontend.new_member(national_register_number=unknown)
    client_id = frontend.new_client(member)
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "dimona_refused", timeout=30)
    assert job["status"] == "blocked"
    [refusal] = [entry for entry in job["timeline"] if entry["step"] == "dimona_refused"]
    assert "inconnu" in refusal["detail"] or "onbekend" in refusal["detail"]
    [invoice] = frontend.get("invoicing", "/v1/invoices", member, job_id=job_id)
    assert invoice["status"] == "issued"
    assert invoice["delivery"]["status"] == "awaiting_hiring_declaration"

    admin = frontend.admin()
    [dimona] = frontend.get(
        "payroll",
        "/v1/declarations",
        admin,
        contract_id=frontend.document(job, "contract_generated"),
    )
    url = frontend.url("payroll", f"/v1/declarations/{dimona['declaration_id']}/resubmission")
    assert frontend.http.post(url, headers=member, json={}).status_code == 403
    wrong = frontend.http.post(url, headers=admin, json={"national_register_number": "85073003329"})
    assert wrong.status_code == 422
    corrected = frontend.http.post(
        url, headers=admin, json={"national_register_number": OTHER_VALID_SSIN}
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["status"] == "to_submit"
    job, _ = frontend.wait_for_step(member, job_id, "dimona_accepted", "invoice_sent", timeout=30)
    assert job["status"] == "invoiced"
    again = frontend.http.post(url, headers=admin, json={})
    assert again.status_code == 409
    # the member's profile took the corrected number: the next job's Dimona is accepted
    frontend.wait_for_step(member, job_id, "identity_corrected", timeout=30)
    next_job = frontend.declare_job(member, client_id).json()["job_id"]
    frontend.wait_for_step(member, next_job, "dimona_accepted", timeout=30)
