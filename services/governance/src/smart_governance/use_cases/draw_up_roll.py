"""The roll of a convened assembly drawn up from the register, batch by batch, each batch in
its own transaction: up to 500 shareholders of record (paid shares at the record date), their
roll entries and their convocation (``assembly.convocation_requested``, by id only). A cursor
on the assembly says where the next batch starts, so a stopped process resumes there; the last
batch makes the assembly ``convened``. Thirty thousand shareholders are far more than one
transaction holds."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import AgendaLine, AssemblyConvocation
from smart_common.persistence import Transaction, UnitOfWork
from smart_governance.adapters.repositories import (
    ASSEMBLIES,
    Assemblies,
    Roll,
    Subscriptions,
    roll_key,
)

BATCH = 500
"""Shareholders per batch (an event stays far below the broker's message size)."""


def held_on(row: dict[str, Any], entity: str, record_date: str) -> bool:
    return (
        row["entity"] == entity
        and row["status"] == "paid"
        and row["outstanding"] > 0
        and row["paid_on"] <= record_date
    )


def page_of(rows: list[dict[str, Any]], complete: bool) -> list[dict[str, Any]]:
    """The page without its last member unless ``complete`` (their other subscriptions may lie
    beyond it) — unless they are alone on it."""
    if complete or len({row["member_id"] for row in rows}) < 2:
        return rows
    return [row for row in rows if row["member_id"] != rows[-1]["member_id"]]


class DrawUpRoll(UseCase):
    raises = (AssemblyConvocation,)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(self) -> int:
        """The worker's step: every assembly being convened, to its last batch."""
        convening = await self._uow.find(ASSEMBLIES, {"status": "convening"}, projection={})
        batches = 0
        for assembly in convening:
            while await self._uow.run(lambda tx, found=assembly["_id"]: self._batch(tx, found)):
                batches += 1
        return batches

    async def _batch(self, tx: Transaction, assembly_id: str) -> bool:
        """One batch; False once the assembly is convened (or was by another process)."""
        assembly = await tx.collection(ASSEMBLIES).find_one({"_id": assembly_id})
        if assembly is None or assembly["status"] != "convening":
            return False
        page = BATCH + 1
        rows = await Subscriptions(tx).page_after(assembly["roll_cursor"], limit=page)
        last = len(rows) < page
        rows = page_of(rows, last)
        holdings: dict[str, dict[str, Any]] = defaultdict(
            lambda: {"shares": 0, "categories": set()}
        )
        for row in rows:
            if held_on(row, assembly["entity"], assembly["record_date"]):
                holdings[row["member_id"]]["shares"] += row["outstanding"]
                holdings[row["member_id"]]["categories"].add(row["category"])
        members = sorted(holdings)
        await Roll(tx).add(
            [
                {
                    "_id": roll_key(assembly_id, member_id),
                    "assembly_id": assembly_id,
                    "member_id": member_id,
                    "shares": holdings[member_id]["shares"],
                    "categories": sorted(holdings[member_id]["categories"]),
                    "proxies_held": 0,
                    "gave_proxy": False,
                    "convocation": None,
                }
                for member_id in members
            ]
        )
        batch = assembly["convocation_batches"] + 1
        if members:
            await tx.record_event(
                AssemblyConvocation(
                    assembly_id=assembly_id,
                    entity=assembly["entity"],
                    kind=assembly["kind"],
                    title=assembly["title"],
                    starts_at=assembly["starts_at"],
                    place=assembly["place"],
                    online_link=assembly["online_link"],
                    agenda=[
                        AgendaLine(title=item["title"], decision=item["decision"])
                        for item in assembly["agenda"]
                    ],
                    record_date=date.fromisoformat(assembly["record_date"]),
                    member_ids=members,
                    batch=batch,
                    last=last,
                ),
                subject=assembly_id,
                entity=assembly["entity"],
                correlation_id=assembly_id,
            )
        changes: dict[str, Any] = {
            "roll_cursor": rows[-1]["member_id"] if rows else assembly["roll_cursor"],
            "convocation_batches": batch,
            "entitled": assembly["entitled"] + len(members),
        }
        if last:
            changes["status"] = "convened"
        await Assemblies(tx).move(assembly_id, "convening", changes)
        return not last
