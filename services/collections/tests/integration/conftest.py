"""The collections service on the embedded broker and database, for every integration test:
the app on a clock at the scenario's day, and a receivable opened by delivering its
``invoice.sent`` (twice: a redelivery changes nothing)."""

from __future__ import annotations

from datetime import date

import pytest

from smart_collections.app import build_app
from smart_collections.settings import CollectionsSettings
from smart_common.auth import Role, TokenCodec
from smart_common.clock import ShiftedClock
from smart_common.events.invoicing import InvoiceSent
from smart_common.structured_communication import structured_communication
from smart_devstack.samples import envelope_of
from smart_devstack.testing import deliver, eventually, serving

SCENARIO_DAY = date(2026, 11, 20)  # the scenario runs from this day (its clock keeps running)


class InvoicingDocumentsOf:
    """Invoicing's documents as the case file fetches them, and the tokens it sent."""

    def __init__(self) -> None:
        self.authorizations: list[str] = []

    async def invoice_pdf(self, invoice_id: str, authorization: str) -> bytes:
        self.authorizations.append(authorization)
        return f"%PDF invoice {invoice_id}".encode()

    async def reminder_letter(self, reminder_id: str, authorization: str) -> bytes:
        self.authorizations.append(authorization)
        return f"%PDF reminder {reminder_id}".encode()


@pytest.fixture
def invoicing_documents() -> InvoicingDocumentsOf:
    return InvoicingDocumentsOf()


@pytest.fixture
async def collections(infrastructure, invoicing_documents):
    settings = CollectionsSettings(**infrastructure.settings_env("collections"))
    app = build_app(
        settings, clock=ShiftedClock(SCENARIO_DAY), invoicing_documents=invoicing_documents
    )
    async with serving(app) as client:
        admin = TokenCodec(settings).issue("admin-1", "BE", frozenset({Role.ADMIN}))
        client.headers["Authorization"] = f"Bearer {admin}"
        yield app, client, settings


def invoice_sent(job_id: str, sequence: int) -> InvoiceSent:
    return InvoiceSent(
        invoice_id=f"invoice-{job_id}",
        number=f"BE2026-{sequence:06d}",
        job_id=job_id,
        member_id="member-1",
        client_id="client-1",
        entity="BE",
        channel="email",
        job_end_date=date(2026, 12, 2),
        due_date=date(2027, 1, 1),
        total_incl_vat="1815.00",
        currency="EUR",
        payment_reference=structured_communication(2600000000 + sequence),
    )


async def open_receivable(app, infrastructure, settings, job_id: str, sequence: int) -> dict:
    sent = envelope_of(invoice_sent(job_id, sequence), f"invoice-{job_id}", job_id)
    await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, sent, InvoiceSent.stream)
    await deliver(infrastructure.kafka_bootstrap, settings.topic_prefix, sent, InvoiceSent.stream)
    [receivable] = await eventually(
        lambda: app.state.runtime.uow.find("receivables", {"job_id": job_id})
    )
    return receivable
