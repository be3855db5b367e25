"""Sample domain data for tests and benchmarks (valid Belgian numbers, a business client)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from smart_common.events.envelope import Envelope, EventData
from smart_common.events.members import (
    Address,
    ClientSnapshot,
    ContractType,
    JobSnapshot,
    WorkerSnapshot,
)

VALID_SSIN = "85073003328"
VALID_IBAN = "BE71096123456769"
CLIENT_VAT = "BE0403019261"


def member_body(email: str, password: str, national_register_number: str) -> dict[str, Any]:
    """A Belgian member's registration, as the front end sends it."""
    return {
        "email": email,
        "password": password,
        "first_name": "Ann",
        "last_name": "Peeters",
        "entity": "BE",
        "iban": VALID_IBAN,
        "national_register_number": national_register_number,
        "address": {
            "street": "Kerkstraat 12",
            "postal_code": "9000",
            "city": "Gent",
            "country": "BE",
        },
    }


def business_client_body() -> dict[str, Any]:
    """A Belgian business client (a valid VAT number), as the front end sends it."""
    return {
        "name": "Théâtre de Namur",
        "vat_number": CLIENT_VAT,
        "address": {
            "street": "Place du Théâtre 2",
            "postal_code": "5000",
            "city": "Namur",
            "country": "BE",
        },
        "country": "BE",
        "email": "compta@theatre.example",
        "language": "fr",
    }


def job_snapshot(
    job_id: str,
    *,
    member_id: str = "member-1",
    ssin: str | None = VALID_SSIN,
    amount: str = "1500.00",
    expenses: str = "50.00",
    start: date = date(2026, 12, 1),
    end: date = date(2026, 12, 3),
) -> JobSnapshot:
    return JobSnapshot(
        job_id=job_id,
        member_id=member_id,
        entity="BE",
        worker=WorkerSnapshot(
            member_id=member_id,
            first_name="Ann",
            last_name="Peeters",
            email="ann@example.org",
            iban=VALID_IBAN,
            national_register_number=ssin,
        ),
        client=ClientSnapshot(
            client_id="client-1",
            name="Théâtre de Namur",
            vat_number=CLIENT_VAT,
            address=Address(
                street="Place du Théâtre 2", postal_code="5000", city="Namur", country="BE"
            ),
            email="compta@theatre.example",
            language="fr",
        ),
        description="Stage lighting",
        occupation_code="3435",
        start_date=start,
        end_date=end,
        worked_days=(end - start).days + 1,
        amount_excl_vat=Decimal(amount),
        currency="EUR",
        contract_type=ContractType.EMPLOYEE,
        expenses=Decimal(expenses),
        declared_at=datetime.now(UTC),
    )


def envelope_of(data: EventData, subject: str, correlation_id: str) -> Envelope:
    return Envelope.wrap(
        data, source="/smart/be/test", subject=subject, entity="BE", correlation_id=correlation_id
    )
