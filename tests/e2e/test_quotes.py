"""A quote, from the member's preparation to the client's signed acceptance and the job it
becomes on the member's confirmation — over HTTP, on the embedded stack."""

from __future__ import annotations

import io
import json
import re
from email import message_from_bytes, policy

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.stack


def quote_body(frontend) -> dict:
    return {
        "description": "Lighting design for the spring festival",
        "occupation_code": "3435",
        "start_date": frontend.days(9),
        "end_date": frontend.days(10),
        "worked_days": 2,
        "amount_excl_vat": "2000.00",
        "currency": "EUR",
        "expenses": "100.00",
        "service_nature": "copyright_licence",
    }


def test_an_accepted_quote_becomes_a_job_on_confirmation(frontend, stack):
    member, member_id = frontend.new_member()
    frontend.http.put(
        frontend.url("members", f"/v1/members/{member_id}/activity"),
        headers=member,
        json={"name": "Lumière Studio"},
    ).raise_for_status()
    client_id = frontend.new_client(member)

    def prepared():
        response = frontend.http.post(
            frontend.url("invoicing", "/v1/quotes"),
            headers=member | {"Idempotency-Key": "quote-1"},
            json=quote_body(frontend) | {"client_id": client_id},
        )
        return response if response.status_code == 201 else None

    quote = frontend.wait_for(prepared, timeout=30).json()
    assert quote["status"] == "draft" and quote["number"].startswith("BE")
    assert quote["total_vat"] == "120.00"  # copyright licence: 6 %
    pdf = frontend.raw("invoicing", f"/v1/quotes/{quote['quote_id']}/pdf", member).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Devis" in text and quote["number"] in text and "2120.00" in text

    early = frontend.http.post(
        frontend.url("invoicing", f"/v1/quotes/{quote['quote_id']}/confirmation"), headers=member
    )
    assert early.status_code == 409

    sent = frontend.http.post(
        frontend.url("invoicing", f"/v1/quotes/{quote['quote_id']}/sending"), headers=member
    )
    assert sent.status_code == 200 and sent.json()["status"] == "sent"

    def mailed():
        for path in (stack.data_dir / "mail").glob("*.eml"):
            mail = message_from_bytes(path.read_bytes(), policy=policy.default)
            if quote["number"] in mail["Subject"]:
                return mail
        return None

    mail = frontend.wait_for(mailed, timeout=30)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"(http://\S+/acceptance\?token=[\w.-]+)", body).group(1)
    assert [part.get_filename() for part in mail.iter_attachments()] == [f"{quote['number']}.pdf"]

    forged = frontend.http.post(link[:-4] + "0000")
    assert forged.status_code == 404
    # the member never sees the client's link: they cannot accept their own quote
    seen = frontend.get("invoicing", f"/v1/quotes/{quote['quote_id']}", member)
    assert "token=" not in json.dumps(seen)
    # nor does the link outlive the quote: a link naming a later last day is refused
    token = link.split("token=")[1]
    extended = link.replace(token, "2999-12-31." + token.split(".")[1])
    assert frontend.http.get(extended).status_code == 404
    shown = frontend.http.get(link)
    assert shown.status_code == 200 and shown.json()["total_incl_vat"] == "2120.00"
    accepted = frontend.http.post(link)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert frontend.http.post(link).status_code == 200  # accepting twice changes nothing

    confirmed = frontend.http.post(
        frontend.url("invoicing", f"/v1/quotes/{quote['quote_id']}/confirmation"), headers=member
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"

    def declared():
        jobs = frontend.get("members", "/v1/jobs", member)
        return [job for job in jobs if job["quote_id"] == quote["quote_id"]] or None

    [job] = frontend.wait_for(declared, timeout=30)
    assert job["amount_excl_vat"] == "2000.00" and job["service_nature"] == "copyright_licence"
    job, _ = frontend.wait_for_step(member, job["job_id"], "invoice_sent", timeout=60)
    invoice = frontend.get(
        "invoicing", f"/v1/invoices/{frontend.document(job, 'invoice_sent')}", member
    )
    assert invoice["total_incl_vat"] == quote["total_incl_vat"]
    again = frontend.http.post(
        frontend.url("invoicing", f"/v1/quotes/{quote['quote_id']}/confirmation"), headers=member
    )
    assert again.status_code == 200
    assert len(declared()) == 1


def test_bad_quotes_are_refused(frontend):
    member, _ = frontend.new_member()
    stranger, _ = frontend.new_member()
    client_id = frontend.new_client(stranger)
    for body, status in (
        (quote_body(frontend) | {"client_id": client_id}, 422),  # someone else's client
        (quote_body(frontend) | {"client_id": "nope", "end_date": frontend.days(-1)}, 422),
        (quote_body(frontend) | {"client_id": "x", "amount_excl_vat": "12.345"}, 422),
    ):
        response = frontend.http.post(
            frontend.url("invoicing", "/v1/quotes"), headers=member, json=body
        )
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    assert frontend.get("invoicing", "/v1/quotes", member) == []


def test_a_member_has_a_few_quote_e_mails_sent_an_hour_at_most(frontend):
    """Sending a quote e-mails the client from the cooperative's address: a member may do it
    20 times an hour (the default), not more — the address is not a free mailer."""
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)

    def prepared():
        response = frontend.http.post(
            frontend.url("invoicing", "/v1/quotes"),
            headers=member | {"Idempotency-Key": "quote-limit"},
            json=quote_body(frontend) | {"client_id": client_id},
        )
        return response if response.status_code == 201 else None

    quote = frontend.wait_for(prepared, timeout=30).json()
    sending = frontend.url("invoicing", f"/v1/quotes/{quote['quote_id']}/sending")
    answers = [frontend.http.post(sending, headers=member).status_code for _ in range(21)]
    assert answers[:20] == [200] * 20 and answers[20] == 429
