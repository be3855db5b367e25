"""Payroll as a member and an administrator meet it: the salary simulator, the declared tax
situation on the payslip, and the SEPA salary batch — over HTTP, on the embedded stack."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
import xmlschema
from lxml import etree
from pypdf import PdfReader

pytestmark = pytest.mark.stack

PAIN = xmlschema.XMLSchema(str(resources.files("sepaxml").joinpath("schemas/pain.001.001.09.xsd")))
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


def quarter_of(day: str) -> str:
    month = int(day[5:7])
    return f"{day[:4]}-Q{(month - 1) // 3 + 1}"


def test_the_simulator_answers_before_any_job_and_stores_nothing(frontend):
    member, _ = frontend.new_member()
    url = frontend.url("payroll", "/v1/simulations")
    worked = frontend.http.post(
        url,
        headers=member,
        json={
            "entity": "BE",
            "contract_type": "employee",
            "date": "2026-09-15",
            "gross": "2500.00",
        },
    )
    assert worked.status_code == 200, worked.text
    assert worked.json()["net"] == "2163.26"
    member_view = frontend.http.post(
        url,
        headers=member,
        json={
            "entity": "BE",
            "contract_type": "employee",
            "date": "2026-11-22",
            "amount_excl_vat": "3000.00",
            "expenses": "100.00",
            "tax_situation": {"marital": "spouse_without_income", "dependent_children": 1},
        },
    ).json()
    assert member_view["contribution"] == "195.00" and member_view["view"] == "member"
    for body in (
        {"entity": "BE", "contract_type": "employee", "date": "2026-11-22"},
        {"entity": "IT", "contract_type": "employee", "date": "2026-11-22", "gross": "1"},
        {"entity": "BE", "contract_type": "employee", "date": "2026-11-22", "gross": "x"},
    ):
        refused = frontend.http.post(url, headers=member, json=body)
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert frontend.http.post(url, json={}).status_code == 401
    plan = frontend.http.post(
        frontend.url("payroll", "/v1/salary-plans"),
        headers=member,
        json={
            "entity": "BE",
            "start_month": "2027-01",
            "forecast": ["3000.00"] * 6,
            "actuals": ["2000.00", "4500.00"],
            "monthly_expenses": "50.00",
        },
    )
    assert plan.status_code == 200, plan.text
    months = plan.json()["months"]
    assert [month["revenue_is"] for month in months[:3]] == ["actual", "actual", "forecast"]
    assert sum(Decimal(month["budget"]) for month in months) == Decimal(plan.json()["total_budget"])


def test_declared_tax_situation_and_salary_batch_until_paid(frontend):
    member, member_id = frontend.new_member()
    profile = frontend.http.patch(
        frontend.url("members", f"/v1/members/{member_id}/profile"),
        headers=member,
        json={
            "tax_situation": {"marital": "spouse_without_income", "dependent_children": 2},
            "language": "nl",
        },
    )
    assert profile.status_code == 200, profile.text
    homeless, _ = frontend.new_member(address=None)
    jobs = {}
    for who, auth in (("member", member), ("homeless", homeless)):
        client_id = frontend.new_client(auth)
        job_id = frontend.declare_job(auth, client_id).json()["job_id"]
        job, _ = frontend.wait_for_step(auth, job_id, "invoice_sent", timeout=60)
        invoice = frontend.get(
            "invoicing", f"/v1/invoices/{frontend.document(job, 'invoice_sent')}", auth
        )
        frontend.pay(frontend.admin(), invoice["payment_reference"], invoice["total_incl_vat"])
        jobs[who] = frontend.wait_for_step(auth, job_id, "payslip_issued", timeout=30)[0]

    payslip = frontend.get(
        "payroll", f"/v1/payslips/{frontend.document(jobs['member'], 'payslip_issued')}", member
    )
    assert payslip["tax_situation"]["source"] == "declared by the member"
    for language, title in (("fr", "Fiche de paie"), ("nl", "Loonfiche"), ("en", "Payslip")):
        pdf = frontend.raw(
            "payroll", f"/v1/payslips/{payslip['payslip_id']}/pdf?language={language}", member
        ).content
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert title in text and payslip["figures"]["net"] in text
    contract_id = frontend.document(jobs["member"], "contract_generated")
    contract_pdf = frontend.raw("payroll", f"/v1/contracts/{contract_id}/pdf", member)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(contract_pdf.content)).pages
    )
    assert "Arbeidsovereenkomst" in text and "Stage lighting" in text
    assert payslip["tax_situation"]["dependent_children"] == 2
    assert payslip["year"] == date.fromisoformat(frontend.days(8)).year
    assert payslip["cumulative"]["gross"] == payslip["figures"]["gross"]  # the first of the year
    order_id = payslip["payment_order"]["payment_order_id"]
    homeless_order = frontend.get(
        "payroll",
        f"/v1/payslips/{frontend.document(jobs['homeless'], 'payslip_issued')}",
        homeless,
    )["payment_order"]["payment_order_id"]

    admin = frontend.admin()
    assert frontend.post_money("payroll", "/v1/payment-batches", member).status_code == 403
    assert (
        frontend.http.post(
            frontend.url("payroll", "/v1/payment-batches"), headers=admin
        ).status_code
        == 428
    )
    created = frontend.post_money("payroll", "/v1/payment-batches", admin, key="batch-1")
    assert created.status_code == 201, created.text
    replayed = frontend.post_money("payroll", "/v1/payment-batches", admin, key="batch-1")
    assert replayed.status_code == 200 and replayed.json() == created.json()
    batch = created.json()
    assert order_id in batch["orders"] and batch["status"] == "created"
    assert homeless_order not in batch["orders"]
    assert {
        "payment_order_id": homeless_order,
        "reason": "the worker has no postal address",
    } in batch["left_out"]
    early = frontend.post_money(
        "payroll", f"/v1/payment-batches/{batch['batch_id']}/confirmation", admin
    )
    assert early.status_code == 409

    xml = frontend.raw("payroll", f"/v1/payment-batches/{batch['batch_id']}/xml", admin).content
    PAIN.validate(xml.decode())
    tree = etree.fromstring(xml)
    assert Decimal(tree.xpath("string(//p:GrpHdr/p:CtrlSum)", namespaces=NS)) == Decimal(
        batch["control_sum"]
    )
    assert int(tree.xpath("string(//p:GrpHdr/p:NbOfTxs)", namespaces=NS)) == len(batch["orders"])
    assert set(tree.xpath("//p:Purp/p:Cd/text()", namespaces=NS)) == {"SALA"}
    assert (
        frontend.get("payroll", f"/v1/payment-batches/{batch['batch_id']}", admin)["status"]
        == "exported"
    )

    confirmed = frontend.post_money(
        "payroll", f"/v1/payment-batches/{batch['batch_id']}/confirmation", admin
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    job, _ = frontend.wait_for_step(member, jobs["member"]["job_id"], "salary_paid", timeout=30)
    assert job["timeline"][-1]["step"] in ("salary_paid", "declaration_filed")
    again = frontend.post_money("payroll", "/v1/payment-batches", admin)
    assert again.status_code == 422 and "postal address" in again.json()["detail"]

    # the quarter's DmfA holds the job's line and adds up, and is rebuilt identically
    job, _ = frontend.wait_for_step(
        member, jobs["member"]["job_id"], "declaration_filed", timeout=30
    )
    [quarter] = frontend.get(
        "payroll",
        "/v1/periodic-declarations",
        admin,
        entity="BE",
        period=quarter_of(frontend.days(8)),
    )
    assert quarter["kind"] == "dmfa_quarterly" and quarter["lines"] >= 2
    url = f"/v1/periodic-declarations/{quarter['declaration_id']}/file"
    first = frontend.raw("payroll", url, admin).content
    assert frontend.raw("payroll", url, admin).content == first
    dmfa = etree.fromstring(first)
    dns = {"d": "urn:smart:payroll:dmfa:1"}
    gross = sum(
        Decimal(v)
        for v in dmfa.xpath("//d:Occupation/d:Remuneration/d:Gross/text()", namespaces=dns)
    )
    assert gross == Decimal(dmfa.xpath("string(//d:Totals/d:Gross)", namespaces=dns))
    assert gross == Decimal(quarter["total_gross"])
    assert frontend.http.get(frontend.url("payroll", url), headers=member).status_code == 403
