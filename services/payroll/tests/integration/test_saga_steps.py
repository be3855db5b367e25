"""Payroll against the embedded broker and database, with the Dimona simulator over HTTP."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest
from pydantic import SecretStr

from smart_common.auth import Role, TokenCodec
from smart_common.clock import ShiftedClock
from smart_common.events.collections import PaymentReceived, SalaryGuaranteed
from smart_common.events.members import ContractType, JobDeclared, JobSnapshot
from smart_common.persistence import OUTBOX
from smart_common.worker_identity import DEVELOPMENT_WORKER_IDENTITY_KEY, WorkerIdentityChannel
from smart_devstack.samples import VALID_IBAN, VALID_SSIN, envelope_of, job_snapshot
from smart_devstack.testing import deliver, eventually, serving
from smart_payroll.adapters.dimona import DimonaRestGateway
from smart_payroll.adapters.dpae import DpaeRestGateway
from smart_payroll.app import build_app
from smart_payroll.settings import PayrollSettings
from smart_payroll.simulators.dimona import create_simulator

IDENTITIES = WorkerIdentityChannel(SecretStr(DEVELOPMENT_WORKER_IDENTITY_KEY))


def job_declared(job: JobSnapshot) -> JobDeclared:
    """The event as members publishes it: the worker's identity sealed for payroll."""
    return JobDeclared(job=IDENTITIES.sealed_job(job))


SCENARIO_DAY = date(2026, 11, 20)  # the scenario runs from this day (its clock keeps running)


@pytest.fixture
async def payroll(infrastructure):
    settings = PayrollSettings(
        **infrastructure.settings_env("payroll"), hiring_declaration_interval_seconds=0.1
    )
    clock = ShiftedClock(SCENARIO_DAY)  # payroll and the social-security simulator agree
    simulator = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_simulator(0.05, clock)), base_url="http://dimona"
    )
    app = build_app(
        settings,
        gateway=DimonaRestGateway("http://dimona/dimona/v2", simulator),
        dpae_gateway=DpaeRestGateway("http://dimona/dpae/v1", simulator),
        clock=clock,
    )
    async with serving(app) as client:
        yield app, client, settings
    await simulator.aclose()


async def outbox_types(app) -> list[str]:
    return [
        document["envelope"]["type"] for document in await app.state.runtime.uow.find(OUTBOX, {})
    ]


async def test_job_declared_twice_yields_one_contract_and_one_accepted_dimona(
    infrastructure, payroll
):
    app, client, settings = payroll
    declared = envelope_of(job_declared(job_snapshot("job-1")), "job-1", "job-1")
    await deliver(
        infrastructure.kafka_bootstrap, settings.topic_prefix, declared, JobDeclared.stream
    )
    await deliver(
        infrastructure.kafka_bootstrap, settings.topic_prefix, declared, JobDeclared.stream
    )

    async def accepted():
        types = await outbox_types(app)
        return types if "coop.smart.payroll.declaration.hiring_accepted.v1" in types else None

    types = await eventually(accepted)
    uow = app.state.runtime.uow
    contracts = await uow.find("contracts", {"job_id": "job-1"})
    assert len(contracts) == 1
    stored = str(contracts[0]) + str(await uow.find("hiring_declarations", {}))
    assert VALID_IBAN not in stored and VALID_SSIN not in stored  # sealed at rest
    assert types.count("coop.smart.payroll.contract.generated.v1") == 1
    assert types.count("coop.smart.payroll.declaration.hiring_accepted.v1") == 1
    token = TokenCodec(settings).issue("member-1", "BE", frozenset({Role.MEMBER}))
    headers = {"Authorization": f"Bearer {token}"}
    contract = (await client.get(f"/v1/contracts/{contracts[0]['_id']}", headers=headers)).json()
    assert contract["start_date"] == "2026-12-01" and contract["term"] == "fixed"
    declarations = (
        await client.get(
            "/v1/declarations", params={"contract_id": contract["contract_id"]}, headers=headers
        )
    ).json()
    assert declarations[0]["kind"] == "dimona" and declarations[0]["status"] == "accepted"
    assert declarations[0]["body"]["dimonaIn"]["features"]["workerType"] == "OTH"
    other = TokenCodec(settings).issue("member-2", "BE", frozenset({Role.MEMBER}))
    response = await client.get(
        f"/v1/contracts/{contract['contract_id']}", headers={"Authorization": f"Bearer {other}"}
    )
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_invalid_ssin_is_refused_with_anomalies(infrastructure, payroll):
    app, _, settings = payroll
    declared = envelope_of(
        job_declared(job_snapshot("job-bad", ssin="85073003327")), "job-bad", "job-bad"
    )
    await deliver(
        infrastructure.kafka_bootstrap, settings.topic_prefix, declared, JobDeclared.stream
    )

    async def refused():
        documents = await app.state.runtime.uow.find("hiring_declarations", {"status": "refused"})
        return documents

    [declaration] = await eventually(refused)
    assert any("INSS" in anomaly for anomaly in declaration["anomalies"])
    assert "coop.smart.payroll.declaration.hiring_refused.v1" in await outbox_types(app)


async def test_first_of_payment_and_guarantee_pays_once(infrastructure, payroll):
    app, client, settings = payroll
    prefix, bootstrap = settings.topic_prefix, infrastructure.kafka_bootstrap
    await deliver(
        bootstrap,
        prefix,
        envelope_of(job_declared(job_snapshot("job-2")), "job-2", "job-2"),
        JobDeclared.stream,
    )
    uow = app.state.runtime.uow
    await eventually(lambda: uow.find("contracts", {"job_id": "job-2"}))
    paid = envelope_of(
        PaymentReceived(
            receivable_id="r",
            invoice_id="i",
            job_id="job-2",
            payment_id="p",
            amount="1815.00",
            currency="EUR",
            value_date=date(2026, 12, 10),
        ),
        "r",
        "job-2",
    )
    guaranteed = envelope_of(
        SalaryGuaranteed(
            receivable_id="r",
            invoice_id="i",
            job_id="job-2",
            guarantee_date=date(2026, 12, 14),
            amount="1815.00",
            currency="EUR",
        ),
        "r",
        "job-2",
    )
    for envelope in (paid, paid, guaranteed):
        await deliver(bootstrap, prefix, envelope, PaymentReceived.stream)

    async def filed():
        types = await outbox_types(app)
        return types if "coop.smart.payroll.declaration.periodic_filed.v1" in types else None

    await eventually(filed)
    await eventually(lambda: _claimed(uow, guaranteed.id))
    types = await outbox_types(app)
    assert types.count("coop.smart.payroll.payslip.issued.v1") == 1
    assert types.count("coop.smart.payroll.salary_payment.ordered.v1") == 1
    assert types.count("coop.smart.payroll.declaration.periodic_filed.v1") == 1
    [payslip] = await uow.find("payslips", {"job_id": "job-2"})
    assert payslip["trigger"] == "payment_received"
    figures = payslip["figures"]
    assert figures["contribution"] == "97.50" and figures["budget"] == "1352.50"
    assert figures["gross"] == "1082.00"
    assert Decimal(figures["net_paid"]) == Decimal(figures["net"]) + Decimal("50.00")
    [order] = await uow.find("salary_payment_orders", {"payslip_id": payslip["_id"]})
    assert order["amount"] == figures["net_paid"] and order["purpose"] == "SALA"
    [declaration] = await uow.find("periodic_declarations", {})
    assert declaration["period"] == "2026-Q4" and declaration["kind"] == "dmfa_quarterly"
    token = TokenCodec(settings).issue("member-1", "BE", frozenset({Role.MEMBER}))
    shown = (
        await client.get(
            f"/v1/payslips/{payslip['_id']}", headers={"Authorization": f"Bearer {token}"}
        )
    ).json()
    assert shown["figures"]["withholding_tax"] == figures["withholding_tax"]
    assert shown["rule_pack"]["version"].startswith("BE-")
    assert shown["payment_order"]["creditor"]["iban"].startswith("…")


async def _claimed(uow, event_id: str) -> bool:
    return bool(await uow.find("inbox", {"_id": {"$regex": f"{event_id}$"}}))


async def test_payslips_carry_the_worker_s_year_to_date(infrastructure, payroll):
    app, _, settings = payroll
    prefix, bootstrap = settings.topic_prefix, infrastructure.kafka_bootstrap
    uow = app.state.runtime.uow
    for job_id, amount in (("job-y1", "1500.00"), ("job-y2", "900.00")):
        await deliver(
            bootstrap,
            prefix,
            envelope_of(
                job_declared(job_snapshot(job_id, member_id="member-ytd", amount=amount)),
                job_id,
                job_id,
            ),
            JobDeclared.stream,
        )
        await eventually(lambda job_id=job_id: uow.find("contracts", {"job_id": job_id}))
        paid = PaymentReceived(
            receivable_id=f"r-{job_id}",
            invoice_id=f"i-{job_id}",
            job_id=job_id,
            payment_id=f"p-{job_id}",
            amount=amount,
            currency="EUR",
            value_date=date(2026, 12, 10),
        )
        await deliver(bootstrap, prefix, envelope_of(paid, job_id, job_id), PaymentReceived.stream)
        await eventually(lambda job_id=job_id: uow.find("payslips", {"job_id": job_id}))
    [first] = await uow.find("payslips", {"job_id": "job-y1"})
    [second] = await uow.find("payslips", {"job_id": "job-y2"})
    assert first["cumulative"]["gross"] == first["figures"]["gross"]
    for name in ("gross", "net", "withholding_tax", "net_paid"):
        assert Decimal(second["cumulative"][name]) == Decimal(first["figures"][name]) + Decimal(
            second["figures"][name]
        )


async def test_a_french_job_is_declared_by_dpae_within_8_days_of_hiring(infrastructure, payroll):
    app, _, settings = payroll
    prefix, bootstrap = settings.topic_prefix, infrastructure.kafka_bootstrap
    uow = app.state.runtime.uow
    soon = SCENARIO_DAY + timedelta(days=3)
    later = SCENARIO_DAY + timedelta(days=30)
    for job_id, start in (("job-fr-soon", soon), ("job-fr-later", later)):
        snapshot = job_snapshot(job_id, start=start, end=start + timedelta(days=2)).model_copy(
            update={"entity": "FR", "contract_type": ContractType.CDD}
        )
        await deliver(
            bootstrap,
            prefix,
            envelope_of(job_declared(snapshot), job_id, job_id),
            JobDeclared.stream,
        )

    async def accepted():
        found = await uow.find(
            "hiring_declarations", {"job_id": "job-fr-soon", "status": "accepted"}
        )
        return found or None

    [dpae] = await eventually(accepted, timeout=30)
    assert dpae["kind"] == "dpae" and dpae["period_id"].startswith("DPAE")
    assert dpae["body"]["hiring"] == {
        "date": soon.isoformat(),
        "contractNature": "CDD",
        "endDate": (soon + timedelta(days=2)).isoformat(),
    }
    assert dpae["body"]["employer"]["siret"] == settings.employer_siret
    [waiting] = await uow.find("hiring_declarations", {"job_id": "job-fr-later"})
    assert waiting["status"] == "to_submit"  # held until 8 days before the hiring
    assert "coop.smart.payroll.declaration.hiring_accepted.v1" in await outbox_types(app)


class DiesAfterSending(DimonaRestGateway):
    """The declaration reaches social security, then the process dies before recording it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deaths = 0

    async def submit(self, body, reference):
        external_id = await super().submit(body, reference)
        if self.deaths == 0:
            self.deaths += 1
            raise ConnectionError("the process died after sending")
        return external_id


async def test_a_dimona_whose_submission_went_out_unrecorded_is_not_filed_twice(infrastructure):
    settings = PayrollSettings(
        **infrastructure.settings_env("payroll"),
        hiring_declaration_interval_seconds=0.1,
        submission_lease_seconds=0.5,
    )
    clock = ShiftedClock(SCENARIO_DAY)
    simulator = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_simulator(0.05, clock)), base_url="http://dimona"
    )
    gateway = DiesAfterSending("http://dimona/dimona/v2", simulator)
    app = build_app(
        settings,
        gateway=gateway,
        dpae_gateway=DpaeRestGateway("http://dimona/dpae/v1", simulator),
        clock=clock,
    )
    async with serving(app):
        declared = envelope_of(job_declared(job_snapshot("job-crash")), "job-crash", "job-crash")
        await deliver(
            infrastructure.kafka_bootstrap, settings.topic_prefix, declared, JobDeclared.stream
        )
        uow = app.state.runtime.uow

        async def accepted():
            found = await uow.find("hiring_declarations", {"job_id": "job-crash"})
            return found if found and found[0]["status"] == "accepted" else None

        [declaration] = await eventually(accepted, timeout=30)
        assert gateway.deaths == 1 and declaration["submission_claims"] == 2
        received = (await simulator.get("/dimona/v2/declarations")).json()
        assert len([d for d in received if "dimonaIn" in d]) == 1  # filed once
    await simulator.aclose()
