"""Invoicing against the embedded broker and database."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
import pytest

from smart_common.auth import Role, TokenCodec
from smart_common.events.payroll import ContractGenerated, HiringDeclarationAccepted
from smart_common.persistence import OUTBOX
from smart_common.structured_communication import is_valid
from smart_devstack.einvoice_validation import fatal_findings
from smart_devstack.samples import envelope_of, job_snapshot
from smart_devstack.testing import deliver, eventually, serving
from smart_invoicing.adapters.channels import PeppolAccessPointChannel
from smart_invoicing.app import build_app
from smart_invoicing.settings import InvoicingSettings
from smart_invoicing.simulators.peppol_access_point import create_simulator


class RecordingChannel:
    """A delivery channel that fails its first ``failures`` attempts, then records."""

    name = "peppol"

    def __init__(self, failures: int = 0):
        self.failures = failures
        self.delivered: list[Any] = []

    async def deliver(self, parcel: Any) -> str:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("access point unavailable")
        self.delivered.append(parcel)
        return f"receipt-{len(self.delivered)}"


@pytest.fixture
async def invoicing(infrastructure):
    settings = InvoicingSettings(
        **infrastructure.settings_env("invoicing"), delivery_interval_seconds=0.1
    )
    channel = RecordingChannel(failures=1)
    app = build_app(settings, channels={"peppol": channel, "email": channel})
    async with serving(app) as client:
        yield app, client, settings, channel


def contract_generated(job_id: str) -> ContractGenerated:
    job = job_snapshot(job_id)
    return ContractGenerated(
        contract_id=f"contract-{job_id}",
        job_id=job_id,
        member_id=job.member_id,
        entity="BE",
        contract_type="employee",
        start_date=job.start_date,
        end_date=job.end_date,
        job=job,
    )


def accepted(job_id: str) -> HiringDeclarationAccepted:
    return HiringDeclarationAccepted(
        declaration_id=f"d-{job_id}",
        kind="dimona",
        contract_id=f"contract-{job_id}",
        job_id=job_id,
        result="A",
        external_id="1",
    )


async def test_invoice_waits_for_dimona_then_is_delivered_once_with_retries(
    infrastructure, invoicing
):
    app, client, settings, channel = invoicing
    bootstrap, prefix = infrastructure.kafka_bootstrap, settings.topic_prefix
    generated = envelope_of(contract_generated("job-1"), "contract-job-1", "job-1")
    await deliver(bootstrap, prefix, generated, ContractGenerated.stream)
    await deliver(bootstrap, prefix, generated, ContractGenerated.stream)
    uow = app.state.runtime.uow
    [invoice] = await eventually(lambda: uow.find("invoices", {"job_id": "job-1"}))
    assert invoice["delivery"]["status"] == "awaiting_hiring_declaration"
    await deliver(
        bootstrap,
        prefix,
        envelope_of(accepted("job-1"), "d-job-1", "job-1"),
        HiringDeclarationAccepted.stream,
    )

    async def sent():
        found = await uow.find("invoices", {"job_id": "job-1", "status": "sent"})
        return found

    [invoice] = await eventually(sent, timeout=30)
    assert invoice["delivery"]["attempts"] == 2  # one failure, then delivered
    assert len(channel.delivered) == 1
    types = [d["envelope"]["type"] for d in await uow.find(OUTBOX, {})]
    assert types.count("coop.smart.invoicing.invoice.issued.v1") == 1
    assert types.count("coop.smart.invoicing.invoice.sent.v1") == 1
    assert len(await uow.find("invoices", {})) == 1

    token = TokenCodec(settings).issue("member-1", "BE", frozenset({Role.MEMBER}))
    shown = (
        await client.get(
            f"/v1/invoices/{invoice['_id']}", headers={"Authorization": f"Bearer {token}"}
        )
    ).json()
    assert shown["total_excl_vat"] == "1500.00"
    assert shown["total_vat"] == "315.00"
    assert shown["total_incl_vat"] == "1815.00"
    lines = sum(Decimal(line["net_amount"]) for line in shown["document"]["lines"])
    vat = sum(Decimal(group["vat_amount"]) for group in shown["document"]["vat_groups"])
    assert lines + vat == Decimal(shown["total_incl_vat"])
    assert is_valid(shown["payment_reference"])
    assert shown["due_date"] > shown["issue_date"]
    assert shown["document"]["buyer"]["vat_number"] == "BE0403019261"
    assert shown["delivery"] == {
        "channel": "peppol",
        "status": "delivered",
        "attempts": 2,
        "receipt": "receipt-1",
        "last_error": "access point unavailable",
    }
    [parcel] = channel.delivered
    assert parcel.receiver.scheme == "0208" and parcel.receiver.identifier == "0403019261"
    assert b'<cbc:EndpointID schemeID="0208">0403019261</cbc:EndpointID>' in parcel.ubl


async def test_concurrent_invoices_get_consecutive_numbers(infrastructure, invoicing):
    app, _, settings, _ = invoicing
    bootstrap, prefix = infrastructure.kafka_bootstrap, settings.topic_prefix
    jobs = [f"job-c{index}" for index in range(200)]
    await asyncio.gather(
        *(
            deliver(
                bootstrap,
                prefix,
                envelope_of(contract_generated(job), f"contract-{job}", job),
                ContractGenerated.stream,
            )
            for job in jobs
        )
    )

    async def all_issued():
        found = await app.state.runtime.uow.find("invoices", {})
        return found if len(found) == len(jobs) else None

    invoices = await eventually(all_issued, timeout=180)
    numbers = sorted(int(invoice["number"].rsplit("-", 1)[1]) for invoice in invoices)
    assert numbers == list(range(1, len(jobs) + 1))
    assert len({invoice["payment_reference"] for invoice in invoices}) == len(jobs)


class RecordingMail:
    name = "email"

    def __init__(self) -> None:
        self.delivered: list[Any] = []

    async def deliver(self, parcel: Any) -> str:
        self.delivered.append(parcel)
        return f"<mail-{len(self.delivered)}>"


async def test_peppol_delivery_through_the_access_point_and_e_mail_when_refused(infrastructure):
    simulator = create_simulator(transit_seconds=0.05)
    transport = httpx.ASGITransport(app=simulator)
    peppol = PeppolAccessPointChannel(
        "http://access-point", poll_interval=0.02, transport=transport
    )
    mail = RecordingMail()
    settings = InvoicingSettings(
        **infrastructure.settings_env("invoicing"), delivery_interval_seconds=0.1
    )
    app = build_app(settings, channels={"peppol": peppol, "email": mail})
    async with (
        serving(app),
        httpx.AsyncClient(transport=transport, base_url="http://access-point") as access_point,
    ):
        refusing = "0208:0403019261"
        await access_point.put(f"/v1/receivers/{refusing}", json={"answer": "failed"})
        bootstrap, prefix = infrastructure.kafka_bootstrap, settings.topic_prefix
        for job in ("job-p1",):
            await deliver(
                bootstrap,
                prefix,
                envelope_of(contract_generated(job), f"contract-{job}", job),
                ContractGenerated.stream,
            )
            await deliver(
                bootstrap,
                prefix,
                envelope_of(accepted(job), f"d-{job}", job),
                HiringDeclarationAccepted.stream,
            )
        uow = app.state.runtime.uow

        async def sent():
            return await uow.find("invoices", {"job_id": "job-p1", "status": "sent"})

        [invoice] = await eventually(sent, timeout=30)
        received = (await access_point.get("/v1/documents", params={"receiver": refusing})).json()
        assert [(doc["number"], doc["status"]) for doc in received] == [
            (invoice["number"], "failed")
        ]
        assert invoice["delivery"]["channel"] == "email"
        assert "peppol" in invoice["delivery"]["last_error"]
        [parcel] = mail.delivered
        assert parcel.number == invoice["number"]
        assert {a.filename for a in parcel.attachments} == {
            f"{invoice['number']}.pdf",
            f"{invoice['number']}.xml",
        }

        # a receiver that accepts: delivered over Peppol, the UBL as the access point got it
        await access_point.put(f"/v1/receivers/{refusing}", json={"answer": "delivered"})
        job = "job-p2"
        await deliver(
            bootstrap,
            prefix,
            envelope_of(contract_generated(job), f"contract-{job}", job),
            ContractGenerated.stream,
        )
        await deliver(
            bootstrap,
            prefix,
            envelope_of(accepted(job), f"d-{job}", job),
            HiringDeclarationAccepted.stream,
        )

        async def sent_over_peppol():
            return await uow.find("invoices", {"job_id": job, "status": "sent"})

        [second] = await eventually(sent_over_peppol, timeout=30)
        assert second["delivery"]["channel"] == "peppol"
        message = second["delivery"]["receipt"]
        status = (await access_point.get(f"/v1/documents/{message}")).json()
        assert status["status"] == "delivered" and status["number"] == second["number"]
        content = (await access_point.get(f"/v1/documents/{message}/content")).content
        assert fatal_findings(content, "en16931-ubl") == []
        assert len(mail.delivered) == 1
