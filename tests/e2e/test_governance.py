"""The cooperative's general assembly on the embedded stack, driven like a client: members
subscribe and pay shares, the board convenes the assembly (e-mails in the sink), proxies within
the limit, one final ballot each, the close, the published tally and receipts, the minutes; and
the French entity, whose statutes are not transcribed, answers 422 "not configured"."""

from __future__ import annotations

import io
from datetime import UTC, datetime, time, timedelta
from email import message_from_bytes, policy

from pypdf import PdfReader

from smart_devstack.frontend import FrontEnd


def convocations(frontend: FrontEnd, email: str) -> list[str]:
    found = []
    for path in (frontend.stack.data_dir / "mail").glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == email and message["Subject"].startswith("Convocation"):
            found.append(message.get_body(preferencelist=("plain",)).get_content())
    return found


def convene(frontend: FrontEnd, admin, **changes):
    starts = datetime.combine(frontend.today + timedelta(days=21), time(10), tzinfo=UTC)
    body = {
        "kind": "ordinary",
        "title": f"General assembly {starts.year}",
        "starts_at": starts.isoformat(),
        "place": "Brussels",
        "agenda": [
            {"title": "Approve the accounts", "decision": "ordinary"},
            {"title": "Amend the statutes", "decision": "statutes_amendment"},
        ],
    } | changes
    return frontend.post_money("governance", "/v1/assemblies", admin, json=body)


def test_members_convene_vote_and_check_their_receipts(frontend):
    admin = frontend.admin()
    members = [frontend.new_member() for _ in range(5)]
    for auth, _ in members:
        frontend.buy_shares(auth)
    outsider, _ = frontend.new_member()  # never pays a share
    frontend.post_money("governance", "/v1/shares", outsider, json={"shares": 1})
    for auth, _ in members:
        frontend.wait_for(
            lambda auth=auth: frontend.get("members", "/v1/members/me", auth)["shareholder"]
        )
    assert not frontend.get("members", "/v1/members/me", outsider)["shareholder"]

    register = frontend.get("governance", "/v1/register", admin)
    held = {holding["member_id"] for holding in register["holdings"]}
    assert {member_id for _, member_id in members} <= held
    extract = frontend.raw(
        "governance", f"/v1/members/{members[0][1]}/register-extract", members[0][0]
    )
    assert extract.content.startswith(b"%PDF")

    late = convene(frontend, admin, starts_at=f"{frontend.days(2)}T10:00:00+00:00")
    assert late.status_code == 422 and "too late" in late.json()["detail"]
    convened = convene(frontend, admin)
    assert convened.status_code == 201, convened.text
    path = f"/v1/assemblies/{convened.json()['assembly_id']}"
    frontend.wait_for(lambda: frontend.get("governance", path, admin)["status"] == "convened")
    email = frontend.get("members", "/v1/members/me", members[0][0])["email"]
    [text] = frontend.wait_for(lambda: convocations(frontend, email), timeout=60)
    assert "Approve the accounts" in text

    def all_sent():
        shown = frontend.get("governance", path, admin)
        return shown if shown["convocations_sent"] == shown["entitled"] else None

    frontend.wait_for(all_sent, timeout=90)  # the proof of every sending, back from members

    (a, _), (b, b_id), (c, _), (d, _), (e, _) = members
    for principal in (a, c):
        given = frontend.http.post(
            frontend.url("governance", f"{path}/proxies"),
            headers=principal,
            json={"holder_id": b_id},
        )
        assert given.status_code == 201, given.text
    over = frontend.http.post(
        frontend.url("governance", f"{path}/proxies"), headers=d, json={"holder_id": b_id}
    )
    assert over.status_code == 409 and "most the statutes allow" in over.json()["detail"]

    opened = frontend.http.post(
        frontend.url("governance", f"{path}/vote/opening"), headers=admin, json={}
    )
    assert opened.status_code == 200, opened.text
    ballots = frontend.url("governance", f"{path}/ballots")
    votes = {"item-1": "yes", "item-2": "no"}
    receipts = []
    for voter, on_behalf_of in ((b, None), (b, members[0][1]), (b, members[2][1]), (d, None)):
        cast = frontend.http.post(
            ballots, headers=voter, json={"choices": votes, "on_behalf_of": on_behalf_of}
        )
        assert cast.status_code == 201, cast.text
        receipts += [row["receipt"] for row in cast.json()["receipts"]]
    twice = frontend.http.post(ballots, headers=d, json={"choices": votes})
    assert twice.status_code == 409
    refused = frontend.http.post(ballots, headers=outsider, json={"choices": votes})
    assert refused.status_code == 403 and "shareholder of record" in refused.json()["detail"]

    closed = frontend.http.post(frontend.url("governance", f"{path}/vote/closing"), headers=admin)
    assert closed.status_code == 200, closed.text
    late_ballot = frontend.http.post(ballots, headers=e, json={"choices": votes})
    assert late_ballot.status_code == 409

    results = frontend.get("governance", f"{path}/results", e)
    accounts, amendment = results["results"]
    assert (accounts["yes"], accounts["passed"]) == (4, True)
    assert (amendment["no"], amendment["passed"]) == (4, False)
    published = {ballot["receipt"] for ballot in results["ballots"]}
    assert set(receipts) <= published
    mine = frontend.get("governance", f"{path}/ballots/{receipts[-1]}", d)
    assert mine["content"] == "no"
    minutes = frontend.raw("governance", f"{path}/minutes?language=en", a)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(minutes.content)).pages)
    assert "PASSED" in text and "REJECTED" in text and "Approve the accounts" in text
