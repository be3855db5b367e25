"""Reminders as the credit controller and the client meet them, over HTTP on the running
suite: a business invoice unpaid past the schedule's first step gets a numbered reminder by
e-mail with the invoice's PDF and the law's EUR 40 (interest per the pack's rates), on the
job's timeline; a consumer's first reminder costs nothing."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from email import message_from_bytes, policy

import pytest

from smart_collections.domain.reminders import ReminderPolicy, Unpaid
from smart_common.rulepacks import default_rule_book

pytestmark = pytest.mark.stack


def _mail(frontend, number: str, timeout: float = 30):
    """The e-mail whose subject names reminder ``number``, from the SMTP sink."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in (frontend.stack.data_dir / "mail").glob("*.eml"):
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            if number in (message["Subject"] or ""):
                return message
        time.sleep(0.2)
    raise AssertionError(f"no e-mail for reminder {number} within {timeout} s")


def _first_reminder(frontend, admin, member, client_id):
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    frontend.wait_for_step(member, job_id, "invoice_sent", timeout=20)
    receivable = frontend.receivable_of(admin, job_id)
    as_of = date.fromisoformat(receivable["due_date"]) + timedelta(days=7)
    run = frontend.post_money(
        "collections", "/v1/reminder-runs", admin, json={"as_of": as_of.isoformat()}
    )
    assert run.status_code in (200, 201), run.text
    job, _ = frontend.wait_for_step(member, job_id, "reminder_sent", timeout=30)
    [reminder] = frontend.get(
        "collections", "/v1/reminders", admin, receivable_id=receivable["receivable_id"]
    )
    return job, receivable, reminder, as_of


def test_an_unpaid_business_invoice_gets_its_reminder_with_the_laws_amounts(frontend):
    admin = frontend.admin()
    member, _ = frontend.new_member()
    job, receivable, reminder, as_of = _first_reminder(
        frontend, admin, member, frontend.new_client(member)
    )
    assert reminder["step"] == "first_reminder"
    expected = ReminderPolicy(default_rule_book(), "BE", as_of).amounts(
        Unpaid(
            "r",
            "business",
            date.fromisoformat(receivable["due_date"]),
            Decimal(receivable["amount"]),
        ),
        as_of,
        0,
    )
    assert Decimal(reminder["compensation"]) == Decimal("40.00")
    assert (Decimal(reminder["interest"]), reminder["interest_complete"]) == (
        expected.interest,
        expected.interest_complete,
    )
    assert Decimal(reminder["total"]) == Decimal(receivable["amount"]) + expected.interest + 40
    assert frontend.document(job, "reminder_sent") == reminder["reminder_id"]
    message = _mail(frontend, reminder["number"])
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Rappel" in message["Subject"]  # the client's language (French)
    assert receivable["invoice_number"] in body and "40.00 EUR" in body
    letter, attached_invoice = list(message.iter_attachments())
    assert letter.get_filename() == f"{reminder['number']}.pdf"
    assert attached_invoice.get_filename() == f"{receivable['invoice_number']}.pdf"
    for attachment in (letter, attached_invoice):
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_content().startswith(b"%PDF")
    sent = frontend.wait_for(
        lambda: [
            r
            for r in frontend.get(
                "collections", "/v1/reminders", admin, receivable_id=receivable["receivable_id"]
            )
            if r["status"] == "sent"
        ]
    )
    assert sent[0]["receipt"]  # the e-mail's Message-ID, the proof of sending
    # the letter as it was sent, for the collections team and the case file (staff only)
    filed = frontend.raw("invoicing", f"/v1/reminders/{reminder['reminder_id']}/pdf", admin)
    assert filed.status_code == 200 and filed.content == letter.get_content()


def test_a_consumers_first_reminder_costs_nothing(frontend):
    admin = frontend.admin()
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member, kind="consumer", vat_number=None)
    _, receivable, reminder, _ = _first_reminder(frontend, admin, member, client_id)
    assert (Decimal(reminder["compensation"]), Decimal(reminder["interest"])) == (0, 0)
    assert Decimal(reminder["total"]) == Decimal(receivable["amount"])
