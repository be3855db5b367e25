"""The French entity's own deployment, driven like a client: a CDD job declared by a French
member runs through DPAE, a French invoice (Factur-X), the payment, an OpenFisca payslip, the
month's DSN and a SEPA salary batch."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from facturx import get_xml_from_pdf
from lxml import etree
from pypdf import PdfReader

from smart_devstack.einvoice_validation import fatal_findings
from smart_devstack.frontend import FrontEnd

FRENCH_MEMBER = {
    "entity": "FR",
    "first_name": "Léa",
    "last_name": "Martin",
    "iban": "FR7630006000011234567890189",
    "national_register_number": "2 95 10 99 126 111 93",
    "address": {
        "street": "12 rue des Lilas",
        "postal_code": "69003",
        "city": "Lyon",
        "country": "FR",
    },
}
FRENCH_CLIENT = {
    "name": "Théâtre des Célestins",
    "vat_number": "FR40303265045",
    "address": {
        "street": "4 rue Charles Dullin",
        "postal_code": "69002",
        "city": "Lyon",
        "country": "FR",
    },
    "country": "FR",
    "email": "compta@celestins.example",
    "language": "fr",
}


@pytest.fixture(scope="module")
def france(french_stack) -> FrontEnd:
    return FrontEnd(french_stack)


def test_a_french_cdd_runs_from_declaration_to_the_months_dsn(france):
    member, _ = france.new_member(**FRENCH_MEMBER)
    client_id = france.new_client(member, **FRENCH_CLIENT)
    start = france.today + timedelta(days=2)  # a DPAE goes out within the 8 days before hiring
    declared = france.declare_job(
        member,
        client_id,
        contract_type="cdd",
        start_date=start.isoformat(),
        end_date=(start + timedelta(days=2)).isoformat(),
        worked_days=3,
        amount_excl_vat="3000.00",
        expenses="100.00",
    )
    assert declared.status_code == 201, declared.text
    job_id = declared.json()["job_id"]
    job, _ = france.wait_for_step(member, job_id, "dimona_accepted", "invoice_sent", timeout=60)

    [hiring] = [entry for entry in job["timeline"] if entry["step"] == "dimona_accepted"]
    assert hiring["detail"] == "dpae"  # the step of any hiring declaration, here a DPAE
    invoice = france.get(
        "invoicing", f"/v1/invoices/{france.document(job, 'invoice_sent')}", member
    )
    assert invoice["number"].startswith("FR")
    assert invoice["payment_reference"].startswith("RF")  # ISO 11649, known to French banks
    assert invoice["total_vat"] == "600.00"  # 20 %, a French business client
    facturx = france.raw("invoicing", f"/v1/invoices/{invoice['invoice_id']}/facturx", member)
    _, xml = get_xml_from_pdf(facturx.content, check_xsd=True)
    assert b"FR44732829320" in xml
    assert fatal_findings(xml, "en16931-cii") == []
    assert fatal_findings(xml, "facturx-en16931") == []
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(facturx.content)).pages)
    assert "L441-10" in " ".join(text.split())

    france.pay(
        france.admin(),
        invoice["payment_reference"],
        invoice["total_incl_vat"],
        value_date=france.today.isoformat(),
    )
    job, _ = france.wait_for_step(member, job_id, "payslip_issued", "declaration_filed", timeout=60)
    payslip = france.get(
        "payroll", f"/v1/payslips/{france.document(job, 'payslip_issued')}", member
    )
    figures = payslip["figures"]
    assert figures["contribution"] == "246.00" and figures["budget"] == "2654.00"
    assert Decimal(figures["employer_cost"]) <= Decimal("2654.00")
    assert figures["hours"] == "21"  # three days of seven hours
    assert Decimal(figures["end_of_contract_bonus"]) == (
        Decimal(figures["gross"]) * Decimal("0.10")
    ).quantize(Decimal("0.01"))
    assert payslip["rule_pack"]["version"].startswith("FR-")
    pdf = france.raw("payroll", f"/v1/payslips/{payslip['payslip_id']}/pdf", member).content
    text = " ".join(
        "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "SIRET" in text and "Indemnité de fin de contrat" in text and "ONSS" not in text

    admin = france.admin()
    month = f"{job['end_date'][:7]}"
    [dsn] = france.get("payroll", "/v1/periodic-declarations", admin, entity="FR", period=month)
    assert dsn["kind"] == "dsn_monthly" and dsn["lines"] == 1
    url = f"/v1/periodic-declarations/{dsn['declaration_id']}/file"
    first = france.raw("payroll", url, admin)
    assert france.raw("payroll", url, admin).content == first.content
    rows = dict(
        line.split(",", 1)
        for line in first.content.decode("latin-1").splitlines()
        if line.startswith("S")
    )
    assert rows["S21.G00.30.001"] == "'295109912611193'"
    assert rows["S21.G00.06.001"] == "'732829320'"
    assert Decimal(rows["S21.G00.51.013"].strip("'")) == Decimal(figures["gross"])
    assert Decimal(rows["S21.G00.50.004"].strip("'")) == Decimal(figures["net"])
    assert Decimal(dsn["total_gross"]) == Decimal(figures["gross"])

    created = france.post_money("payroll", "/v1/payment-batches", admin)
    assert created.status_code == 201, created.text
    xml = france.raw("payroll", f"/v1/payment-batches/{created.json()['batch_id']}/xml", admin)
    tree = etree.fromstring(xml.content)
    ns = {"p": tree.nsmap[None]}
    assert tree.xpath("string(//p:CdtrAcct/p:Id/p:IBAN)", namespaces=ns).startswith("FR76")
    assert tree.xpath("string(//p:Cdtr/p:PstlAdr/p:TwnNm)", namespaces=ns) == "Lyon"
    assert set(tree.xpath("//p:Purp/p:Cd/text()", namespaces=ns)) == {"SALA"}


def test_a_token_of_another_entitys_deployment_is_refused(france, frontend):
    """Each deployment signs with its own key for its own audience: a Belgian member's token
    opens nothing in the French deployment."""
    belgian, _ = frontend.new_member()
    for service, path in LISTS:
        accepted = frontend.http.get(frontend.url(service, path), headers=belgian)
        assert accepted.status_code != 401, (service, accepted.text)  # at home it opens
        refused = france.http.get(france.url(service, path), headers=belgian)
        assert refused.status_code == 401, (service, refused.text)


LISTS = (
    ("members", "/v1/jobs"),
    ("invoicing", "/v1/invoices"),
    ("payroll", "/v1/contracts"),
    ("collections", "/v1/receivables"),
    ("governance", "/v1/shares"),
)


def test_french_governance_answers_not_configured_where_its_statutes_are_missing(france):
    """The French entity's share categories and assembly rules are not transcribed yet."""
    member, _ = france.new_member(**FRENCH_MEMBER)
    admin = france.admin()
    subscribed = france.post_money("governance", "/v1/shares", member, json={"shares": 1})
    assert subscribed.status_code == 422 and "not configured" in subscribed.json()["detail"]
    convened = france.post_money(
        "governance",
        "/v1/assemblies",
        admin,
        json={
            "kind": "ordinary",
            "title": "Assemblée générale",
            "starts_at": f"{france.days(30)}T10:00:00+01:00",
            "agenda": [{"title": "Comptes", "decision": "ordinary"}],
        },
    )
    assert convened.status_code == 422 and "not configured" in convened.json()["detail"]
    register = france.http.get(france.url("governance", "/v1/register"), headers=admin)
    assert register.status_code == 422 and "not configured" in register.json()["detail"]
