"""A small chaos run in `make test`: sagas over HTTP while services are killed, paused and
restarted, the broker restarted and every outbox replayed; nothing lost, nothing twice."""

from __future__ import annotations

import os

import pytest

from smart_devstack import chaos
from smart_devstack.testing import chosen_today

pytestmark = pytest.mark.stack


@pytest.mark.timeout(1800)  # the harness gives up on its own after 20 minutes
def test_sagas_survive_killed_paused_and_restarted_processes(tmp_path):
    sagas = int(os.environ.get("CHAOS_SAGAS", "30"))
    report = chaos.run(
        sagas,
        seed=int(os.environ.get("CHAOS_SEED", "20261201")),
        minutes=20,
        data_dir=tmp_path / "stack",
        today=chosen_today(),  # make test TODAY=…: the harness's stack runs at that date too
    )
    print("\n".join(report.problems))
    print(report.line())
    assert report.faults > 0
    assert (report.lost, report.duplicated, report.stalled, report.dead_letters) == (0, 0, 0, 0), (
        report.line(),
        report.problems,
    )
    assert report.completed + report.compensated == sagas
