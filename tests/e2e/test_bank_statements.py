"""A bank statement as the credit controller meets it: the bank's camt.053 pays a sent invoice
by its structured communication and the saga completes; the same file again changes nothing; a
partial payment leaves the receivable partly open; what nobody's reference names waits for
staff; bad files are refused with the reason and nothing is recorded."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from smart_devstack.bank_statements import Credit, camt053, coda

pytestmark = pytest.mark.stack


def _sent_invoice(frontend, member):
    job_id = frontend.declare_job(member, frontend.new_client(member)).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=20)
    frontend.receivable_of(member, job_id)  # what the statement's lines are matched against
    invoice = frontend.get(
        "invoicing", f"/v1/invoices/{frontend.document(job, 'invoice_sent')}", member
    )
    return job_id, invoice


def _upload(frontend, admin, data):
    return frontend.http.post(
        frontend.url("collections", "/v1/bank-statements"),
        headers=admin,
        files={"file": ("statement.xml", data, "application/xml")},
    )


def test_a_statement_pays_invoices_once_and_leaves_the_rest_to_staff(frontend):
    admin = frontend.admin()
    member, _ = frontend.new_member()
    paid_job, paid = _sent_invoice(frontend, member)
    partial_job, partial = _sent_invoice(frontend, member)
    lost_job, lost = _sent_invoice(frontend, member)
    account = f"BE{uuid.uuid4().int % 10**14:014d}"  # a fresh account: its own sequence
    half = (Decimal(partial["total_incl_vat"]) / 2).quantize(Decimal("0.01"))
    credits = [
        Credit(Decimal(paid["total_incl_vat"]), reference=paid["payment_reference"]),
        Credit(half, unstructured=f"part of {partial['payment_reference']}"),
        Credit(Decimal(lost["total_incl_vat"]), reference="+++000/0000/09797+++"),  # nobody's
        Credit(Decimal("1.50"), debit=True, debtor="Bank fees"),
    ]
    data = camt053(credits, frontend.today, account=account, version="camt.053.001.04")

    first = _upload(frontend, admin, data)
    assert first.status_code == 201, first.text
    statement = first.json()
    assert (statement["format"], statement["account"]) == ("camt.053.001.04", account)
    assert (statement["line_count"], statement["matched"], statement["unmatched"]) == (4, 2, 1)
    assert statement["ignored"] == 1
    frontend.wait_for_step(member, paid_job, "payslip_issued", timeout=30)

    again = _upload(frontend, admin, data)
    assert again.status_code == 200 and again.json()["statement_id"] == statement["statement_id"]
    shown = frontend.get("collections", f"/v1/bank-statements/{statement['statement_id']}", admin)
    assert [line["status"] for line in shown["lines"]] == [
        "matched",
        "partially_matched",
        "unmatched",
        "ignored",
    ]
    [paid_receivable] = frontend.get("collections", "/v1/receivables", admin, job_id=paid_job)
    assert paid_receivable["paid"] == paid["total_incl_vat"]  # once, whatever the uploads
    assert shown["lines"][0]["receivable_id"] == paid_receivable["receivable_id"]
    [open_receivable] = frontend.get("collections", "/v1/receivables", admin, job_id=partial_job)
    assert open_receivable["status"] == "partially_paid"
    assert Decimal(open_receivable["paid"]) == half
    assert "no receivable carries" in shown["lines"][2]["unmatched_reason"]
    assert shown["lines"][3]["counterparty"] == "Bank fees"

    # the payment nobody's reference named waits for staff, who assign it
    payment_id = shown["lines"][2]["payment_id"]
    queue = frontend.get("collections", "/v1/unmatched-payments", admin, limit=1000)
    assert payment_id in [payment["payment_id"] for payment in queue]
    [lost_receivable] = frontend.get("collections", "/v1/receivables", admin, job_id=lost_job)
    assign = frontend.url("collections", f"/v1/unmatched-payments/{payment_id}/assignment")
    body = {"receivable_id": lost_receivable["receivable_id"]}
    assert frontend.http.post(assign, headers=admin, json=body).status_code == 428
    key = {"Idempotency-Key": f"assign-{payment_id}"}
    assigned = frontend.http.post(assign, headers=admin | key, json=body)
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["status"] == "matched"
    frontend.wait_for_step(member, lost_job, "payment_received", timeout=30)
    replayed = frontend.http.post(assign, headers=admin | key, json=body)
    assert replayed.json() == assigned.json()
    twice = frontend.http.post(assign, headers=admin | {"Idempotency-Key": "another"}, json=body)
    assert twice.status_code == 409
    after = frontend.get("collections", f"/v1/bank-statements/{statement['statement_id']}", admin)
    assert after["lines"][2]["status"] == "matched" and (after["matched"], after["unmatched"]) == (
        3,
        0,
    )


def test_bad_files_are_refused_with_the_reason_and_nothing_is_recorded(frontend):
    admin = frontend.admin()
    before = len(frontend.get("collections", "/v1/bank-statements", admin, limit=500))
    day = frontend.today
    for data, reason in (
        (b"not a statement at all", "namespace is missing"),
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"/>', "camt.052"),
        (camt053([Credit(Decimal("5.00"))], day, closing=Decimal("1.00")), "do not reconcile"),
        (camt053([Credit(Decimal("5.00"))], day)[:-50], "not well-formed"),
        (b"\x00" * 50_000_000, "namespace is missing"),  # 50 MB of nothing a bank sends
    ):
        refused = _upload(frontend, admin, data)
        assert refused.status_code == 422, refused.text
        assert reason in refused.json()["detail"]
    member, _ = frontend.new_member()
    assert _upload(frontend, member, camt053([], day)).status_code == 403
    assert len(frontend.get("collections", "/v1/bank-statements", admin, limit=500)) == before


def test_a_belgian_coda_statement_pays_by_structured_communication(frontend):
    admin = frontend.admin()
    member, _ = frontend.new_member()
    job_id, invoice = _sent_invoice(frontend, member)
    account = f"BE{uuid.uuid4().int % 10**14:014d}"
    credit = Credit(Decimal(invoice["total_incl_vat"]), reference=invoice["payment_reference"])
    data = coda([credit], frontend.today, account=account, sequence=7)
    first = _upload(frontend, admin, data)
    assert first.status_code == 201, first.text
    assert (first.json()["format"], first.json()["matched"]) == ("coda", 1)
    frontend.wait_for_step(member, job_id, "payment_received", timeout=30)
    again = _upload(frontend, admin, data)
    assert again.status_code == 200 and again.json()["statement_id"] == first.json()["statement_id"]
    truncated = _upload(frontend, admin, data[: data.rindex(b"\r\n9")])
    assert truncated.status_code == 422 and "truncated" in truncated.json()["detail"]
