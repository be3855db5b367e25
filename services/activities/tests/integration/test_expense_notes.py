"""Expense notes against the embedded broker and database: receipts checked from their
content, approval at once within the rules or after a counsellor's review, payment from the
activity's cash, once."""

from __future__ import annotations

from datetime import timedelta

from smart_common.auth import Role
from smart_devstack.receipt_files import executable, huge_png, image, oversized, pdf


def note(amount: str, category: str = "supplies", days_ago: int = 1, clock=None) -> dict:
    vat = f"{float(amount) * 0.21:.2f}"
    incl = f"{float(amount) + float(vat):.2f}"
    return {
        "description": "Atelier",
        "lines": [
            {
                "date": (clock.today() - timedelta(days=days_ago)).isoformat(),
                "category": category,
                "supplier": "Brico Gent",
                "amount_excl_vat": amount,
                "vat": vat,
                "amount_incl_vat": incl,
            }
        ],
    }


async def test_under_the_threshold_approved_at_once_above_it_reviewed_then_paid_once(
    activities, budget_activity, clock, bearer
):
    app, client, settings = activities
    uow = app.state.runtime.uow
    activity_id, member = await budget_activity("member-n")
    small = await client.post(
        f"/v1/activities/{activity_id}/expense-notes",
        json=note("100.00", clock=clock),
        headers=member,
    )
    assert small.status_code == 201, small.text
    small_id = small.json()["expense_note_id"]
    attached = await client.post(
        f"/v1/expense-notes/{small_id}/receipts",
        files={"file": ("ticket.jpg", image("JPEG"), "image/jpeg")},
        headers=member,
    )
    assert attached.status_code == 200, attached.text
    [receipt] = attached.json()["receipts"]
    assert receipt["media_type"] == "image/jpeg" and receipt["width"] == 600
    submitted = await client.post(f"/v1/expense-notes/{small_id}/submission", headers=member)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "approved", submitted.json()
    assert submitted.json()["history"][-1]["by"] == "automatic"
    again = await client.post(f"/v1/expense-notes/{small_id}/submission", headers=member)
    assert again.status_code == 409
    fetched = await client.get(
        f"/v1/expense-notes/{small_id}/receipts/{receipt['receipt_id']}", headers=member
    )
    assert fetched.content == image("JPEG") and fetched.headers["content-type"] == "image/jpeg"

    large = await client.post(
        f"/v1/activities/{activity_id}/expense-notes",
        json=note("800.00", clock=clock),
        headers=member,
    )
    large_id = large.json()["expense_note_id"]
    await client.post(
        f"/v1/expense-notes/{large_id}/receipts",
        files={"file": ("invoice.pdf", pdf(), "application/pdf")},
        headers=member,
    )
    waiting = (await client.post(f"/v1/expense-notes/{large_id}/submission", headers=member)).json()
    assert waiting["status"] == "submitted"
    assert waiting["review_reasons"] == ["968.00 EUR is above the threshold of 500.00 EUR"]

    counsellor = bearer(settings, "counsellor-1", Role.MEMBER, Role.COUNSELLOR)
    queue = (await client.get("/v1/reviews", headers=counsellor)).json()["items"]
    [review] = [item for item in queue if item["operation"]["id"] == large_id]
    assert review["timing"] == "before" and review["amount"] == "968.00"
    assert (await client.get("/v1/reviews", headers=member)).status_code == 403
    no_reason = await client.post(
        f"/v1/reviews/{review['review_id']}/decision",
        json={"decision": "reject"},
        headers=counsellor,
    )
    assert no_reason.status_code == 422
    decided = await client.post(
        f"/v1/reviews/{review['review_id']}/decision",
        json={"decision": "approve", "comment": "Workshop tools, as agreed"},
        headers=counsellor,
    )
    assert decided.status_code == 200 and decided.json()["decided_by"] == "counsellor-1"
    twice = await client.post(
        f"/v1/reviews/{review['review_id']}/decision",
        json={"decision": "approve"},
        headers=counsellor,
    )
    assert twice.status_code == 409
    assert (await client.get(f"/v1/expense-notes/{large_id}", headers=member)).json()[
        "status"
    ] == "approved"

    admin = bearer(settings, "admin-1", Role.MEMBER, Role.ADMIN)
    pay = {"bank_reference": "E2E-NOTE-1"}
    no_key = await client.post(f"/v1/expense-notes/{large_id}/payment", json=pay, headers=admin)
    assert no_key.status_code == 428
    paid = await client.post(
        f"/v1/expense-notes/{large_id}/payment",
        json=pay,
        headers=admin | {"Idempotency-Key": "p-1"},
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid", paid.text
    replayed = await client.post(
        f"/v1/expense-notes/{large_id}/payment",
        json=pay,
        headers=admin | {"Idempotency-Key": "p-1"},
    )
    assert replayed.json() == paid.json()
    other_key = await client.post(
        f"/v1/expense-notes/{large_id}/payment",
        json=pay,
        headers=admin | {"Idempotency-Key": "p-2"},
    )
    assert other_key.status_code == 409  # paid already
    balance = (await client.get(f"/v1/activities/{activity_id}/balance", headers=member)).json()
    # 1,870.00 − 968.00 paid − 121.00 of the small note, approved and kept aside until paid
    assert (balance["expenses"], balance["committed"], balance["available"]) == (
        "968.00",
        "121.00",
        "781.00",
    )
    moved = await uow.find("movements", {"kind": "expense_note_paid"})
    assert len(moved) == 1

    contract = await client.post("/v1/activities", json={"name": "Gigs"}, headers=member)
    in_contract_mode = await client.post(
        f"/v1/activities/{contract.json()['activity_id']}/expense-notes",
        json=note("10.00", clock=clock),
        headers=member,
    )
    assert in_contract_mode.status_code == 422 and "contract mode" in in_contract_mode.text

    stranger = bearer(settings, "member-z")
    assert (await client.get(f"/v1/expense-notes/{large_id}", headers=stranger)).status_code == 404
    elsewhere = await client.post(
        f"/v1/activities/{activity_id}/expense-notes",
        json=note("10.00", clock=clock),
        headers=stranger,
    )
    assert elsewhere.status_code == 404


async def test_bad_receipts_and_bad_lines_are_refused_and_nothing_is_kept(
    activities, budget_activity, clock, bearer
):
    app, client, settings = activities
    uow = app.state.runtime.uow
    activity_id, member = await budget_activity("member-r")
    draft = await client.post(
        f"/v1/activities/{activity_id}/expense-notes",
        json=note("50.00", clock=clock),
        headers=member,
    )
    note_id = draft.json()["expense_note_id"]
    for name, data, says in [
        ("invoice.pdf", executable(), "a PDF, a JPEG or a PNG"),
        ("photo.png", huge_png(), "pixels"),
        ("scan.pdf", oversized(), "at most 10 MB"),
    ]:
        refused = await client.post(
            f"/v1/expense-notes/{note_id}/receipts",
            files={"file": (name, data, "application/pdf")},
            headers=member,
        )
        assert refused.status_code == 422, (name, refused.text)
        assert says in refused.json()["detail"], refused.json()
    assert (await client.get(f"/v1/expense-notes/{note_id}", headers=member)).json()[
        "receipts"
    ] == []
    assert await uow.find("receipts.files", {}) == []

    for body, says in [
        (note("50.00", category="yacht", clock=clock), "not one of the entity's"),
        (note("50.00", days_ago=-3, clock=clock), "after today"),
        (
            {"lines": [note("50.00", clock=clock)["lines"][0] | {"amount_incl_vat": "99.00"}]},
            "is not 99.00 incl. VAT",
        ),
        ({"lines": []}, "lines"),
    ]:
        refused = await client.post(
            f"/v1/activities/{activity_id}/expense-notes", json=body, headers=member
        )
        assert refused.status_code == 422, refused.text
        assert says in refused.text

    # without its receipt, the note goes to a counsellor (who may accept a lost receipt)
    waiting = (await client.post(f"/v1/expense-notes/{note_id}/submission", headers=member)).json()
    assert waiting["status"] == "submitted"
    assert waiting["review_reasons"] == ["no receipt for supplies"]
    counsellor = bearer(settings, "counsellor-2", Role.MEMBER, Role.COUNSELLOR)
    [review] = [
        item
        for item in (await client.get("/v1/reviews", headers=counsellor)).json()["items"]
        if item["operation"]["id"] == note_id
    ]
    asked = await client.post(
        f"/v1/reviews/{review['review_id']}/decision",
        json={"decision": "ask_member", "comment": "Please add the receipt"},
        headers=counsellor,
    )
    assert asked.status_code == 200
    back = (await client.get(f"/v1/expense-notes/{note_id}", headers=member)).json()
    assert back["status"] == "draft" and back["history"][-1]["comment"] == "Please add the receipt"
