"""The benchmark scripts still run (a few documents and payslips): their figures are reported in
closing notes, so a script broken by a refactoring must show here, not on the day it is needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("script", "arguments", "expected"),
    [
        ("bank_statements.py", ["--lines", "50"], "camt.053.001.08: 50 lines"),
        ("documents.py", ["--documents", "20"], "UBL + PDF"),
        ("reminders.py", ["--receivables", "500"], "open receivables planned"),
        ("reminder_run.py", ["--receivables", "30"], "the same day again: nothing"),
        ("activity_books.py", ["--movements", "40", "--samples", "2"], "statement (24 months)"),
        ("assembly_vote.py", ["--voters", "20", "--concurrency", "4"], "closed and tallied"),
        ("embedded_store.py", ["--sizes", "200", "400", "--samples", "5"], "ratio:"),
        (
            "payslips.py",
            ["--payslips", "200", "--french-share", "0.2", "--batch", "40", "--french-jobs", "2"],
            "French jobs from a budget",
        ),
    ],
)
def test_benchmark_script_runs(script, arguments, expected):
    finished = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert expected in finished.stdout
