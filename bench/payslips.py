"""Payslips per second on one core: Belgian payslips computed from the job's amount (contribution,
budget, gross, every figure), as payroll does for each paid job.

    make bench-payslips BENCH_ARGS="--payslips 30000"

French payslips are not computed yet (issue 4 continues): the mix is Belgian employee, artistic
and student contracts with varied amounts and tax situations.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import date
from decimal import Decimal

from smart_common.rulepacks import default_rule_book
from smart_payroll.domain.belgian_payslip import TaxSituation, payslip_for_job

MARITAL = ("single", "spouse_with_income", "spouse_without_income")
TYPES = ("employee", "employee", "employee", "artistic", "student")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payslips", type=int, default=30000)
    arguments = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pack = default_rule_book().pack("BE", date(2026, 11, 22))
    generator = random.Random(2026)
    work = [
        (
            Decimal(generator.randrange(20_000, 1_200_000)) / 100,
            Decimal(generator.randrange(0, 5_000)) / 100,
            TaxSituation(generator.choice(MARITAL), generator.randrange(0, 4)),
            generator.choice(TYPES),
        )
        for _ in range(arguments.payslips)
    ]
    started = time.perf_counter()
    total_net = sum(
        payslip_for_job(amount, expenses, pack, situation, kind).net_paid
        for amount, expenses, situation, kind in work
    )
    seconds = time.perf_counter() - started
    print(f"{len(work)} Belgian payslips on one core in {seconds:.2f} s")
    print(f"  {len(work) / seconds:8.0f} payslips/s   (net paid in total: {total_net} EUR)")


if __name__ == "__main__":
    main()
