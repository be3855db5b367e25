"""An activity's balance and monthly statement on the embedded store: one activity with N
ledger movements (invoices, payments with their contribution, salaries, credit notes over two
years) posted as the books post them (the movement and its month's sums), in one embedded
MongoDB-wire server; then each read measured as the routes run it (HTTP itself is not).

    .venv/bin/python bench/activity_books.py --movements 10000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from pymongo import AsyncMongoClient

from smart_activities.adapters.receipt_store import GridFsReceipts
from smart_activities.adapters.repositories import ACTIVITIES, Movements, ensure_indexes
from smart_activities.bus import CATALOGUE
from smart_activities.domain import ledger
from smart_activities.queries import ActivitiesQueries
from smart_activities.settings import ActivitiesSettings
from smart_activities.transfers import AdvanceTransfers
from smart_common.auth import Principal, Role
from smart_common.clock import FixedClock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_devstack.mongo_server import running_server

TODAY = date(2026, 6, 30)
RATE = Decimal("0.065")
OWNER = {"activity_id": "activity-1", "member_id": "member-1", "entity": "BE"}
POSTED_PER_TRANSACTION = 250  # the real path posts one event's movements per transaction


def movements(count: int) -> list[tuple[str, ledger.Movement]]:
    """Invoices of 100–4,099 EUR over two years, each paid in one or two payments (each with
    its contribution), every fourth with its salary, every fiftieth credited."""
    posted: list[tuple[str, ledger.Movement]] = []
    index = 0
    while len(posted) < count:
        day = TODAY - timedelta(days=index % 730)
        excl = Decimal(100 + index * 37 % 4000)
        vat = (excl * Decimal("0.21")).quantize(Decimal("0.01"))
        account = ledger.InvoiceAccount(
            total=ledger.cents(excl + vat),
            vat=ledger.cents(vat),
            excl_vat=ledger.cents(excl),
            contribution_rate=RATE,
        )
        produced = [ledger.invoice_issued(day, f"BE-{index}", excl, vat, excl + vat)]
        if index % 50 == 0:
            credit, account = ledger.credit_note_issued(
                account, day, f"CN-{index}", excl / 2, vat / 2, (excl + vat) / 2
            )
            produced.append(credit)
        halves = (
            [ledger.amount_of(account.outstanding)]
            if index % 3
            else [ledger.amount_of(account.outstanding // 2)] * 2
        )
        for number, amount in enumerate(halves):
            payment, contribution, account = ledger.payment_received(
                account, day + timedelta(days=10 + number), f"BE-{index}", amount
            )
            produced += [payment, contribution]
        if index % 4 == 0:
            produced.append(ledger.salary(day + timedelta(days=12), "salary", excl * 3, excl / 4))
        posted += [
            (f"event-{index}-{position}:{movement.kind}", movement)
            for position, movement in enumerate(produced)
        ]
        index += 1
    return posted[:count]


async def timed(samples: int, read) -> list[float]:
    durations = []
    for _ in range(samples):
        started = time.perf_counter()
        await read()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def summary(durations: list[float]) -> str:
    ordered = sorted(durations)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms"


async def measure(uri: str, count: int, samples: int) -> None:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(uri, tz_aware=True)
    database = client["activities"]
    await ensure_indexes(database)
    await database[ACTIVITIES].insert_one(
        {
            "_id": OWNER["activity_id"],
            "member_id": OWNER["member_id"],
            "entity": "BE",
            "name": "Bench",
            "mode": "budget",
            "counsellor_id": None,
            "currency": "EUR",
            "opened_on": "2024-06-01",
            "opened_at": datetime(2024, 6, 1, tzinfo=UTC),
            "opened_by_first_job": False,
        }
    )
    clock = FixedClock(datetime(2026, 6, 30, 12, tzinfo=UTC))
    uow = UnitOfWork(
        client,
        database,
        source="/smart/be/activities",
        serialize=True,
        clock=clock,
        publishes=frozenset(event.event_type for event in CATALOGUE.published),
    )
    started = time.perf_counter()
    posted = movements(count)
    source = {"event_type": "bench", "event_id": "bench", "subject": "bench"}
    for first in range(0, len(posted), POSTED_PER_TRANSACTION):

        async def post(tx: Transaction, batch=posted[first : first + POSTED_PER_TRANSACTION]):
            for movement_id, movement in batch:
                await Movements(tx).post(movement_id, OWNER, movement, source, clock.now())

        await uow.run(post)
    filled = time.perf_counter() - started
    settings = ActivitiesSettings()
    cipher = PersonalDataCipher(settings.personal_data_key, settings.personal_data_previous_keys)
    queries = ActivitiesQueries(uow, clock, GridFsReceipts(uow), AdvanceTransfers(settings, cipher))
    member = Principal("member-1", "BE", frozenset({Role.MEMBER}))
    balance = await queries.balance(member, OWNER["activity_id"])
    print(
        f"{balance.movements:,} movements (filled in {filled:.1f} s); available "
        f"{balance.available} EUR, received {balance.received} EUR"
    )
    balances = await timed(samples, lambda: queries.balance(member, OWNER["activity_id"]))
    print(f"balance: {summary(balances)} over {samples} reads")
    statements = await timed(
        samples, lambda: queries.statement(member, OWNER["activity_id"], None, None)
    )
    print(f"statement (13 months): {summary(statements)} over {samples} reads")
    wide = await timed(
        samples,
        lambda: queries.statement(member, OWNER["activity_id"], date(2024, 7, 1), TODAY),
    )
    print(f"statement (24 months): {summary(wide)} over {samples} reads")
    await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--movements", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=20)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        with running_server(Path(folder) / "bench.sqlite") as uri:
            asyncio.run(measure(uri, arguments.movements, arguments.samples))


if __name__ == "__main__":
    main()
