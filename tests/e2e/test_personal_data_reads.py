"""Who read a member's personal data: every read by someone else is in the service's log, the
member's own reads are not, and only administrators read the log."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.stack


def test_staff_reads_of_a_members_record_and_payslip_are_logged(frontend):
    admin = frontend.admin()
    admin_id = frontend.get("members", "/v1/members/me", admin)["member_id"]
    member, member_id = frontend.new_member()
    job_id = frontend.declare_job(member, frontend.new_client(member)).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=20)
    frontend.pay_invoice_of(member, job)
    job, _ = frontend.wait_for_step(member, job_id, "payslip_issued", timeout=20)
    payslip_id = frontend.document(job, "payslip_issued")
    log = "/v1/operations/personal-data-reads"

    frontend.get("members", f"/v1/members/{member_id}", member)  # their own: not logged
    frontend.raw("payroll", f"/v1/payslips/{payslip_id}/pdf", member).raise_for_status()
    assert frontend.get("members", log, admin, member_id=member_id) == []
    assert frontend.get("payroll", log, admin, member_id=member_id) == []

    frontend.get("members", f"/v1/members/{member_id}", admin)
    frontend.raw("payroll", f"/v1/payslips/{payslip_id}/pdf", admin).raise_for_status()
    [record_read] = frontend.get("members", log, admin, member_id=member_id)
    assert record_read["reader"] == admin_id and "admin" in record_read["reader_roles"]
    assert record_read["what"].startswith("member record")
    [payslip_read] = frontend.get("payroll", log, admin, member_id=member_id)
    assert payslip_id in payslip_read["what"] and payslip_read["service"] == "payroll"

    refused = frontend.http.get(
        frontend.url("members", log), params={"member_id": member_id}, headers=member
    )
    assert refused.status_code == 403
