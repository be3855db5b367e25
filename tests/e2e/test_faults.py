"""Faults on the running stack: a service killed mid-saga, every event delivered twice."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest
from aiokafka import AIOKafkaConsumer

from smart_common.events.catalog import STREAMS
from smart_devstack.replay import replay_all

pytestmark = pytest.mark.stack


def steps(job: dict) -> list[str]:
    return [entry["step"] for entry in job["timeline"]]


def complete_saga(frontend, member, job_id: str, timeout: float = 60) -> dict:
    job, _ = frontend.wait_for_step(
        member, job_id, "contract_generated", "dimona_accepted", "invoice_sent", timeout=timeout
    )
    invoice = frontend.get(
        "invoicing", f"/v1/invoices/{frontend.document(job, 'invoice_sent')}", member
    )
    frontend.pay(
        frontend.admin(),
        invoice["payment_reference"],
        invoice["total_incl_vat"],
        key=f"pay-{job_id}",
    )
    job, _ = frontend.wait_for_step(
        member, job_id, "payment_received", "payslip_issued", "declaration_filed", timeout=timeout
    )
    return job


def assert_nothing_duplicated(frontend, member, job_id: str) -> None:
    job = frontend.job(member, job_id)
    counts = Counter(steps(job))
    assert all(count == 1 for count in counts.values()), job["timeline"]
    assert len(frontend.get("payroll", "/v1/contracts", member, job_id=job_id)) == 1
    assert len(frontend.get("invoicing", "/v1/invoices", member, job_id=job_id)) == 1
    assert len(frontend.get("collections", "/v1/receivables", member, job_id=job_id)) == 1


@pytest.mark.parametrize("service", ["members", "payroll", "invoicing", "collections"])
def test_a_service_killed_mid_saga_completes_it_after_restart(frontend, stack, service):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    response = frontend.declare_job(member, client_id, key=f"killed-{service}")
    job_id = response.json()["job_id"]
    stack.stop_process(service, kill=True)  # SIGKILL: no clean shutdown, no final commit
    time.sleep(1)
    stack.start_service(service)
    stack.wait_ready((service,), timeout=90)
    job = complete_saga(frontend, member, job_id)
    assert steps(job)[-1] == "declaration_filed"
    assert_nothing_duplicated(frontend, member, job_id)


def test_every_event_delivered_twice_has_no_second_effect(frontend, stack):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    first = frontend.declare_job(member, client_id).json()["job_id"]
    complete_saga(frontend, member, first)
    before = frontend.job(member, first)
    # and a job whose salary the guarantee fund pays, so that every event type is replayed
    guaranteed = frontend.declare_job(member, client_id).json()["job_id"]
    frontend.wait_for_step(member, guaranteed, "invoice_sent", timeout=60)
    frontend.receivable_of(member, guaranteed)
    frontend.post_money(
        "collections",
        "/v1/guarantee-runs",
        frontend.admin(),
        json={"as_of": frontend.days(60)},  # past any guarantee date of the job
    )
    frontend.wait_for_step(
        member, guaranteed, "salary_guaranteed", "payslip_issued", "declaration_filed", timeout=60
    )
    guaranteed_before = frontend.job(member, guaranteed)
    frontend.buy_shares(member)

    replayed = asyncio.run(replay_all(stack))  # every event of every outbox, once more
    assert sum(replayed.values()) > 0
    # a later saga goes through every consumer after the replayed events (one partition each)
    sentinel = frontend.declare_job(member, client_id).json()["job_id"]
    complete_saga(frontend, member, sentinel)

    assert frontend.job(member, first)["timeline"] == before["timeline"]
    assert frontend.job(member, guaranteed)["timeline"] == guaranteed_before["timeline"]
    assert_nothing_duplicated(frontend, member, first)
    assert_nothing_duplicated(frontend, member, sentinel)
    assert frontend.get("members", "/v1/members/me", member)["shares"] == 1


def test_events_carry_cloudevents_headers_and_a_saga_is_one_trace(frontend, stack):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    complete_saga(frontend, member, job_id)
    records = asyncio.run(_read_all(stack))
    saga = [headers for headers in records if headers.get("ce_correlationid") == job_id]
    types = {headers["ce_type"] for headers in saga}
    assert {
        "coop.smart.members.job.declared.v1",
        "coop.smart.payroll.contract.generated.v1",
        "coop.smart.payroll.declaration.hiring_accepted.v1",
        "coop.smart.invoicing.invoice.issued.v1",
        "coop.smart.invoicing.invoice.sent.v1",
        "coop.smart.collections.receivable.opened.v1",
        "coop.smart.collections.payment.received.v1",
        "coop.smart.payroll.payslip.issued.v1",
        "coop.smart.payroll.salary_payment.ordered.v1",
        "coop.smart.payroll.declaration.periodic_filed.v1",
    } <= types
    for headers in records:
        for name in (
            "ce_specversion",
            "ce_id",
            "ce_source",
            "ce_type",
            "ce_time",
            "ce_subject",
            "ce_entity",
            "ce_correlationid",
            "traceparent",
        ):
            assert headers.get(name), (name, headers)
    trace_ids = {headers["traceparent"].split("-")[1] for headers in saga}
    assert len(trace_ids) == 1, trace_ids
    assert trace_ids != {"0" * 32}


async def _read_all(stack) -> list[dict[str, str]]:
    topics = [f"{stack.topic_prefix}{stream}" for stream in STREAMS]
    reader = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=f"127.0.0.1:{stack.ports.kafka}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await reader.start()
    records: list[dict[str, str]] = []
    try:
        while True:
            batch = await reader.getmany(timeout_ms=2000)
            if not batch:
                return records
            for partition_records in batch.values():
                records += [
                    {key: value.decode() for key, value in record.headers}
                    for record in partition_records
                ]
    finally:
        await reader.stop()
