"""Reminder planning in memory on one core: N open receivables of one entity (business and
consumer clients, due over the last four months, some reminded already) planned for one day —
the policy engine's own work (schedule, interest per rate period, damages), without the
database.

    .venv/bin/python bench/reminders.py --receivables 1000000
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from smart_collections.domain.reminders import ReminderPolicy, Sent, Unpaid
from smart_common.rulepacks import default_rule_book


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--receivables", type=int, default=1_000_000)
    parser.add_argument("--entity", default="BE")
    arguments = parser.parse_args()
    as_of = date(2026, 6, 15)
    chance = random.Random(7)
    kinds = ("business",) * 7 + ("consumer",) * 3
    receivables = []
    for n in range(arguments.receivables):
        due = as_of - timedelta(days=chance.randrange(0, 120))
        reminded = chance.randrange(0, 3)
        sent = tuple(
            Sent(step, due + timedelta(days=7 + 14 * i))
            for i, step in enumerate(("first_reminder", "second_reminder")[:reminded])
        )
        receivables.append(
            Unpaid(
                f"r-{n}",
                chance.choice(kinds),
                due,
                Decimal(chance.randrange(5000, 500000)) / 100,
                sent,
            )
        )
    started = time.perf_counter()
    policy = ReminderPolicy(default_rule_book(), arguments.entity, as_of)
    planned = [p for r in receivables if (p := policy.next_step(r, as_of)) is not None]
    elapsed = time.perf_counter() - started
    steps = Counter(p.step for p in planned)
    interest = sum((p.amounts.interest for p in planned), Decimal("0"))
    print(
        f"{len(receivables):,} open receivables planned in {elapsed:.2f} s "
        f"({len(receivables) / elapsed:,.0f}/s): {len(planned):,} steps due "
        f"({', '.join(f'{step} {count:,}' for step, count in sorted(steps.items()))}); "
        f"interest claimed {interest:,.2f}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
