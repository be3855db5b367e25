"""The Dimona adapter speaks the four v2 shapes (IN, OUT, UPDATE, CANCEL) over HTTP to the
simulator, which refuses what the real service refuses."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from smart_payroll.adapters.dimona import (
    DeclarationResult,
    DimonaRestGateway,
    dimona_cancel_body,
    dimona_in_body,
    dimona_out_body,
    dimona_update_body,
)
from smart_payroll.simulators.dimona import create_simulator

BASE = "http://simulator/dimona/v2"


@pytest.fixture
async def gateway():
    transport = httpx.ASGITransport(app=create_simulator(processing_seconds=0))
    async with httpx.AsyncClient(transport=transport, base_url="http://simulator") as client:
        yield DimonaRestGateway(BASE, client)


async def settled(gateway: DimonaRestGateway, body: dict) -> DeclarationResult:
    reference = str(uuid.uuid4())
    declaration_id = await gateway.submit(body, reference)
    assert await gateway.find(reference) == declaration_id  # what a retry asks first
    assert await gateway.find(str(uuid.uuid4())) is None
    for _ in range(50):
        if (result := await gateway.result(declaration_id)) is not None:
            return result
        await asyncio.sleep(0.01)
    raise AssertionError("no result")


def student_in(**changes) -> dict:
    return (
        dimona_in_body(
            enterprise_number="0123456749",
            joint_committee="200",
            ssin="85073003328",
            first_name="Ann",
            last_name="Peeters",
            start_date="2026-12-01",
            end_date="2026-12-20",
            worker_type="STU",
            planned_hours=40,
        )
        | changes
    )


async def test_in_then_update_then_out_then_cancel_on_the_same_period(gateway):
    opened = await settled(gateway, student_in())
    assert opened.accepted and opened.period_id
    period = opened.period_id
    updated = await settled(gateway, dimona_update_body(period_id=period, planned_hours=60))
    assert updated.accepted
    ended = await settled(gateway, dimona_out_body(period_id=period, end_date="2026-12-15"))
    assert ended.accepted
    cancelled = await settled(gateway, dimona_cancel_body(period_id=period))
    assert cancelled.accepted


async def test_what_the_service_refuses(gateway):
    period = (await settled(gateway, student_in())).period_id
    unknown = await settled(gateway, dimona_out_body(period_id=999, end_date="2026-12-15"))
    assert unknown.refused and "00901-003" in unknown.anomalies[0]
    no_end = await settled(gateway, {"dimonaOut": {"periodId": int(period)}})
    assert no_end.refused and "00913-352" in no_end.anomalies[0]
    nothing = await settled(gateway, {"dimonaUpdate": {"periodId": int(period)}})
    assert nothing.refused and "00914-001" in nothing.anomalies[0]
    bad_ssin = await settled(gateway, student_in(worker={"ssin": "85073003329"}))
    assert bad_ssin.refused and any("90017-369" in anomaly for anomaly in bad_ssin.anomalies)


def test_an_update_must_change_something():
    with pytest.raises(ValueError):
        dimona_update_body(period_id=1)
    assert dimona_out_body(period_id="42", end_date="2026-12-31") == {
        "dimonaOut": {"periodId": 42, "endDate": "2026-12-31"}
    }
