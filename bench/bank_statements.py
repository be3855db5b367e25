"""Bank statement import on one core: a camt.053 (and a CODA) statement of N credit lines read
(parse, balance check) and matched in memory against N open receivables by their structured
communication — the import's own work, without the database writes (measured by the saga
benchmark's per-command figures).

    .venv/bin/python bench/bank_statements.py --lines 100000
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date
from decimal import Decimal

from smart_collections.statements.camt053 import read_camt053
from smart_collections.statements.coda import read_coda
from smart_collections.use_cases.import_bank_statement import reference_of
from smart_common.structured_communication import structured_communication
from smart_devstack.bank_statements import Credit, camt053, coda


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100000)
    arguments = parser.parse_args()
    day = date(2026, 3, 2)
    references = [structured_communication(1000 + n) for n in range(arguments.lines)]
    receivables = {reference: n for n, reference in enumerate(references)}
    credits = [
        Credit(Decimal(f"{100 + n % 900}.{n % 100:02d}"), reference=reference)
        for n, reference in enumerate(references)
    ]
    for name, build, read in (
        ("camt.053.001.08", lambda: camt053(credits, day, version="camt.053.001.08"), read_camt053),
        # a CODA statement numbers its movements on four digits: at most 9,999 a day
        ("CODA 2", lambda: coda(credits[:9999], day), read_coda),
    ):
        data = build()
        started = time.perf_counter()
        statement = read(data)
        statement.check_balances()
        parsed = time.perf_counter()
        matched = sum(1 for line in statement.lines if reference_of(line) in receivables)
        assert matched == len(statement.lines), "every line names an open receivable"
        done = time.perf_counter()
        print(
            f"{name}: {len(statement.lines)} lines, {len(data) / 1e6:.1f} MB; "
            f"parse + balance {parsed - started:.2f} s, match {done - parsed:.2f} s, "
            f"total {done - started:.2f} s ({len(statement.lines) / (done - started):,.0f} "
            f"lines/s); matched {matched}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
