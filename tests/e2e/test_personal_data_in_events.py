"""No event on any topic carries the worker's IBAN or national number in clear: after a job's
whole saga and a long contract, every record of every topic is read and searched (the value
and the headers, in the number's printed and compact forms)."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import date

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from smart_devstack.samples import VALID_IBAN

NATIONAL_NUMBER = "85.07.30-033.28"


def next_month(today: date) -> str:
    index = today.year * 12 + today.month
    return f"{index // 12}-{index % 12 + 1:02d}"


async def every_record(bootstrap: str, prefix: str) -> list[bytes]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        topics = [name for name in await admin.list_topics() if name.startswith(prefix)]
    finally:
        await admin.close()
    reader = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=f"privacy-audit-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await reader.start()
    records: list[bytes] = []
    try:
        while True:
            batch = await reader.getmany(timeout_ms=3000, max_records=500)
            if not batch:
                return records
            for partition_records in batch.values():
                for record in partition_records:
                    headers = b" ".join(value for _, value in record.headers)
                    records.append((record.value or b"") + b" " + headers)
    finally:
        await reader.stop()


def test_no_topic_carries_an_iban_or_a_national_number_in_clear(frontend, stack):
    member, _ = frontend.new_member()
    client_id = frontend.new_client(member)
    job_id = frontend.declare_job(member, client_id).json()["job_id"]
    job, _ = frontend.wait_for_step(member, job_id, "invoice_sent", timeout=30)
    frontend.pay_invoice_of(member, job)
    frontend.wait_for_step(member, job_id, "payslip_issued", "declaration_filed", timeout=30)
    declared = frontend.declare_long_contract(
        member, next_month(frontend.today), ["3000.00", "3000.00"]
    )
    assert declared.status_code == 201, declared.text
    frontend.wait_for_step(member, declared.json()["job_id"], "contract_generated", timeout=60)

    records = asyncio.run(every_record(f"127.0.0.1:{stack.ports.kafka}", stack.topic_prefix))
    assert len(records) > 10  # the saga's events were read
    digits = re.sub(r"\D", "", NATIONAL_NUMBER)
    for forbidden in (VALID_IBAN, VALID_IBAN.lower(), NATIONAL_NUMBER, digits):
        leaking = [record[:200] for record in records if forbidden.encode() in record]
        assert not leaking, f"{forbidden!r} travels in clear: {leaking[:3]}"
    # payroll read them all the same: the worker was declared with their number
    assert "sealed:v2:" in b"".join(records).decode(errors="replace")
