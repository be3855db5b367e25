"""Invoices that meet the law, tried as a new user would: over HTTP, on the embedded stack."""

from __future__ import annotations

import io
from decimal import Decimal
from email import message_from_bytes, policy

import pytest
from facturx import get_xml_from_pdf
from pypdf import PdfReader

from smart_devstack.einvoice_validation import fatal_findings, peppol_problems

pytestmark = pytest.mark.stack

CLIENTS = {
    "belgian business 21%": ({}, {}, "S", "peppol"),
    "copyright licence 6%": ({}, {"service_nature": "copyright_licence"}, "S", "peppol"),
    "artistic performance": ({}, {"service_nature": "artistic_performance"}, "E", "peppol"),
    "french business": (
        {
            "vat_number": "FR40303265045",
            "country": "FR",
            "address": {
                "street": "Rue 1",
                "postal_code": "75001",
                "city": "Paris",
                "country": "FR",
            },
        },
        {},
        "AE",
        "email",
    ),
    "dutch business": (
        {
            "vat_number": "NL004495445B01",
            "country": "NL",
            "language": "nl",
            "address": {
                "street": "Straat 1",
                "postal_code": "1011 AB",
                "city": "Amsterdam",
                "country": "NL",
            },
        },
        {},
        "AE",
        "email",
    ),
    "us business": (
        {
            "vat_number": "12-3456789",
            "country": "US",
            "language": "en",
            "address": {
                "street": "1 Main St",
                "postal_code": "10001",
                "city": "New York",
                "country": "US",
            },
        },
        {},
        "O",
        "email",
    ),
    "belgian consumer": ({"kind": "consumer", "vat_number": None}, {}, "S", "email"),
}


def test_every_vat_case_gives_valid_documents_and_credit_notes(frontend, stack):
    member, member_id = frontend.new_member()
    activity = frontend.http.put(
        frontend.url("members", f"/v1/members/{member_id}/activity"),
        headers=member,
        json={"name": "Lumière Studio"},
    )
    assert activity.status_code == 200, activity.text
    jobs = {}
    for case, (client, job, _, _) in CLIENTS.items():
        client_id = frontend.new_client(member, **client)
        response = frontend.declare_job(member, client_id, **job)
        assert response.status_code == 201, (case, response.text)
        jobs[case] = response.json()["job_id"]
    for case, job_id in jobs.items():
        _, _, category, channel = CLIENTS[case]
        job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=60)
        invoice_id = frontend.document(job, "invoice_sent")
        invoice = frontend.get("invoicing", f"/v1/invoices/{invoice_id}", member)
        assert invoice["delivery"]["channel"] == channel, case
        [group] = invoice["document"]["vat_groups"]
        assert group["category"] == category, case
        assert (group["mention"] is not None) == (category != "S" or case.startswith("copyright"))
        ubl = frontend.raw("invoicing", f"/v1/invoices/{invoice_id}/ubl", member).content
        assert fatal_findings(ubl, "en16931-ubl") == [], case
        assert peppol_problems(ubl) == [], case
        assert f'<cbc:PayableAmount currencyID="EUR">{invoice["total_incl_vat"]}<'.encode() in ubl
        facturx = frontend.raw("invoicing", f"/v1/invoices/{invoice_id}/facturx", member).content
        _, cii = get_xml_from_pdf(facturx, check_xsd=True)
        assert fatal_findings(cii, "en16931-cii") == [], case
        pdf = frontend.raw("invoicing", f"/v1/invoices/{invoice_id}/pdf", member).content
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert invoice["number"] in text and invoice["total_incl_vat"] in text
        assert "Lumière Studio" in text

        created = frontend.http.post(
            frontend.url("invoicing", f"/v1/invoices/{invoice_id}/credit-notes"),
            headers=member | {"Idempotency-Key": f"credit-{case}"},
            json={"amount_excl_vat": "100.00", "reason": "Shorter performance"},
        )
        assert created.status_code == 201, created.text
        note = created.json()
        assert note["total_excl_vat"] == "100.00"
        assert note["document"]["original"]["number"] == invoice["number"]
        credit_ubl = frontend.raw(
            "invoicing", f"/v1/credit-notes/{note['credit_note_id']}/ubl", member
        ).content
        assert fatal_findings(credit_ubl, "en16931-ubl") == [], case
        assert peppol_problems(credit_ubl) == [], case

    # the French business client gets a Factur-X PDF and the UBL by e-mail
    french = frontend.get("invoicing", "/v1/invoices", member, job_id=jobs["french business"])[0]
    mails = [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in (stack.data_dir / "mail").glob("*.eml")
    ]
    [mail] = [mail for mail in mails if french["number"] in mail["Subject"]]
    attachments = {
        part.get_filename(): part.get_payload(decode=True) for part in mail.iter_attachments()
    }
    assert get_xml_from_pdf(attachments[f"{french['number']}.pdf"])[0] == "factur-x.xml"
    assert f"{french['number']}.xml" in attachments


def test_cancelling_a_job_credits_its_invoice_and_cancels_the_receivable(frontend):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=60)
    invoice_id = frontend.document(job, "invoice_sent")
    frontend.receivable_of(member, job_id)

    cancelled = frontend.http.post(
        frontend.url("members", f"/v1/jobs/{job_id}/cancellation"),
        headers=member,
        json={"reason": "The festival was cancelled"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    job, _ = frontend.wait_for_step(member, job_id, "credit_note_issued", timeout=30)
    assert job["status"] == "cancelled"
    invoice = frontend.get("invoicing", f"/v1/invoices/{invoice_id}", member)
    assert invoice["status"] == "credited" and invoice["number"]
    [note] = frontend.get("invoicing", "/v1/credit-notes", member, invoice_id=invoice_id)
    assert note["total_incl_vat"] == invoice["total_incl_vat"]

    def cancelled_receivable():
        [receivable] = frontend.get("collections", "/v1/receivables", member, job_id=job_id)
        return receivable if receivable["status"] == "cancelled" else None

    receivable = frontend.wait_for(cancelled_receivable, timeout=30)
    assert Decimal(receivable["credited"]) == Decimal(invoice["total_incl_vat"])

    # payroll's compensation: the accepted Dimona is cancelled with social security
    job, _ = frontend.wait_for_step(member, job_id, "dimona_cancelled", timeout=30)
    contract_id = frontend.document(job, "contract_generated")
    assert frontend.get("payroll", f"/v1/contracts/{contract_id}", member)["status"] == "cancelled"
    declarations = frontend.get("payroll", "/v1/declarations", member, contract_id=contract_id)
    cancellation = next(d for d in declarations if d["kind"] == "dimona_cancel")
    assert cancellation["status"] == "accepted"
    assert cancellation["body"]["dimonaCancel"]["periodId"]


def test_bad_invoicing_input_is_refused_and_nothing_is_stored(frontend):
    member, _ = frontend.new_member()
    for changes, fragment in (
        ({"kind": "consumer"}, "consumer has no VAT number"),
        ({"vat_number": None}, "needs its VAT"),
        ({"vat_number": "BE0403019262"}, "not a valid"),
        ({"peppol_id": "not-an-id"}, "peppol_id"),
    ):
        response = frontend.http.post(
            frontend.url("members", "/v1/clients"),
            headers=member,
            json={
                "name": "X",
                "vat_number": "BE0403019261",
                "address": {"street": "S", "postal_code": "1", "city": "C", "country": "BE"},
                "country": "BE",
                "email": "x@example.org",
                "language": "fr",
            }
            | changes,
        )
        assert response.status_code == 422, changes
        assert response.headers["content-type"].startswith("application/problem+json")
        assert fragment in response.text, response.text
    assert frontend.get("members", "/v1/clients", member) == []

    client_id = frontend.new_client(member)
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=60)
    invoice_id = frontend.document(job, "invoice_sent")
    too_much = frontend.post_money(
        "invoicing",
        f"/v1/invoices/{invoice_id}/credit-notes",
        member,
        json={"amount_excl_vat": "99999.00", "reason": "x"},
    )
    assert too_much.status_code == 422 and "left to credit" in too_much.json()["detail"]
    for body in ({"amount_excl_vat": "-1", "reason": "x"}, {"amount_excl_vat": "10.00"}):
        refused = frontend.post_money(
            "invoicing", f"/v1/invoices/{invoice_id}/credit-notes", member, json=body
        )
        assert refused.status_code == 422
    assert frontend.get("invoicing", "/v1/credit-notes", member, invoice_id=invoice_id) == []
    stranger, _ = frontend.new_member()
    hidden = frontend.http.get(
        frontend.url("invoicing", f"/v1/invoices/{invoice_id}/ubl"), headers=stranger
    )
    assert hidden.status_code == 404


def test_a_members_credit_note_after_the_salary_is_a_request_a_counsellor_decides(frontend):
    """Before the salary, a member credits their own invoice at once; once the client paid
    (the salary follows), the same request waits for staff, who approve or reject it."""
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=60)
    invoice_id = frontend.document(job, "invoice_sent")
    frontend.receivable_of(member, job_id)
    path = f"/v1/invoices/{invoice_id}/credit-notes"
    early = frontend.post_money(
        "invoicing", path, member, json={"amount_excl_vat": "10.00", "reason": "Typo"}
    )
    assert early.status_code == 201, early.text

    frontend.pay_invoice_of(member, job)
    frontend.wait_for_step(member, job_id, "payment_received", timeout=30)

    def settled():  # invoicing learns it from collections
        invoice = frontend.get("invoicing", f"/v1/invoices/{invoice_id}", member)
        return invoice if invoice["settlement"]["salary"] == "paid" else None

    assert frontend.wait_for(settled, timeout=30)["settlement"]["paid_incl_vat"] != "0"
    asked = frontend.post_money(
        "invoicing",
        path,
        member,
        json={"amount_excl_vat": "100.00", "reason": "Shorter performance"},
    )
    assert asked.status_code == 202, asked.text
    request = asked.json()
    assert request["status"] == "pending" and any("salary" in why for why in request["why"])
    notes = frontend.get("invoicing", "/v1/credit-notes", member, invoice_id=invoice_id)
    assert len(notes) == 1  # nothing issued yet

    decide = f"/v1/credit-note-requests/{request['request_id']}"
    by_member = frontend.http.post(
        frontend.url("invoicing", f"{decide}/approval"), headers=member, json={"reason": "mine"}
    )
    assert by_member.status_code == 403
    admin = frontend.admin()
    pending = frontend.get("invoicing", "/v1/credit-note-requests", admin, status="pending")
    assert request["request_id"] in [found["request_id"] for found in pending]
    approved = frontend.http.post(
        frontend.url("invoicing", f"{decide}/approval"),
        headers=admin,
        json={"reason": "The client was refunded by the member"},
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["credit_note_id"]
    again = frontend.http.post(
        frontend.url("invoicing", f"{decide}/rejection"), headers=admin, json={"reason": "no"}
    )
    assert again.status_code == 409
    notes = frontend.get("invoicing", "/v1/credit-notes", member, invoice_id=invoice_id)
    assert sorted(note["total_excl_vat"] for note in notes) == ["10.00", "100.00"]
