"""Payslips per second on one core, for a Belgian/French mix.

    make bench-payslips BENCH_ARGS="--payslips 30000 --french-share 0.2"

Belgian payslips are computed from the job's amount (contribution, budget, gross, every figure)
for employee, artistic and student contracts with varied tax situations; French ones (CDD/CDI,
some with the end-of-contract bonus) by OpenFisca-France from a gross, one vectorised
simulation per batch of a month, as a monthly payroll run would. Then French jobs priced from
their budget one by one, as the saga does (the gross whose employer cost the budget covers).
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
from smart_payroll.domain.french_payslip import (
    french_payslip_for_job,
    french_salaries,
    french_salary,
)

MARITAL = ("single", "spouse_with_income", "spouse_without_income")
TYPES = ("employee", "employee", "employee", "artistic", "student")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payslips", type=int, default=30000)
    parser.add_argument("--french-share", type=float, default=0.2)
    parser.add_argument("--batch", type=int, default=2000, help="French payslips per simulation")
    parser.add_argument(
        "--french-jobs",
        type=int,
        default=200,
        help="French job payslips from a budget, one at a time as the saga computes them",
    )
    arguments = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pack = default_rule_book().pack("BE", date(2026, 11, 22))
    month = date(2026, 11, 1)
    french_pack = default_rule_book().pack("FR", month)
    french_count = int(arguments.payslips * arguments.french_share)
    belgian_count = arguments.payslips - french_count
    generator = random.Random(2026)
    work = [
        (
            Decimal(generator.randrange(20_000, 1_200_000)) / 100,
            Decimal(generator.randrange(0, 5_000)) / 100,
            TaxSituation(generator.choice(MARITAL), generator.randrange(0, 4)),
            generator.choice(TYPES),
        )
        for _ in range(belgian_count)
    ]
    french = [
        (
            Decimal(generator.randrange(182_303, 1_000_000)) / 100,
            generator.choice(("cdd", "cdd", "cdi")),
            False,
        )
        for _ in range(french_count)
    ]
    french = [
        (gross, kind, kind == "cdd" and index % 3 == 0)
        for index, (gross, kind, _) in enumerate(french)
    ]
    french_salary(Decimal("2000"), month, french_pack, "cdd", False)  # OpenFisca loaded once
    started = time.perf_counter()
    total_net = sum(
        payslip_for_job(amount, expenses, pack, situation, kind).net_paid
        for amount, expenses, situation, kind in work
    )
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    french_net = Decimal("0")
    for start in range(0, len(french), arguments.batch):
        for figures in french_salaries(french[start : start + arguments.batch], month, french_pack):
            french_net += figures.net
    french_seconds = time.perf_counter() - started
    total = len(work) + len(french)
    print(f"{total} payslips on one core ({len(work)} Belgian, {len(french)} French)")
    print(
        f"  Belgian: {len(work) / seconds:8.0f} payslips/s  "
        f"({seconds:.2f} s, net paid {total_net} EUR)"
    )
    if french:
        print(
            f"  French:  {len(french) / french_seconds:8.0f} payslips/s  "
            f"({french_seconds:.2f} s, net {french_net} EUR)"
        )
    print(f"  mix:     {total / (seconds + french_seconds):8.0f} payslips/s")
    if arguments.french_jobs:
        jobs = [
            (
                Decimal(generator.randrange(30_000, 1_500_000)) / 100,
                Decimal(generator.randrange(7, 160)),
            )
            for _ in range(arguments.french_jobs)
        ]
        started = time.perf_counter()
        for amount, hours in jobs:
            french_payslip_for_job(amount, Decimal("0"), french_pack, "cdd", month, hours, True)
        job_seconds = time.perf_counter() - started
        print(
            f"  French jobs from a budget (gross found to the cent, one by one): "
            f"{len(jobs) / job_seconds:6.1f} payslips/s "
            f"({job_seconds / len(jobs) * 1000:.0f} ms each)"
        )


if __name__ == "__main__":
    main()
