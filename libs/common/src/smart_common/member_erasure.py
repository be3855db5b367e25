"""What a service does with a member's data when they ask to be erased.

Each service declares its ``Erasable``s: a holding (the rows naming the member), the fields in
it that identify them, and the retention rule of the entity's pack that keeps those rows — the
accounting, payroll or share-register obligation — or none (pseudonymised at once). A kept
row is marked with the day its period ends; the service's sweep pseudonymises it then.
Pseudonymising writes one label per member in place of names (a keyed hash of the member id:
a member's rows still add up together, nothing says who they were) and drops the rest (sealed
numbers, addresses, logos). A rule missing from the pack keeps the rows without a date: data
the law may require is never deleted on a guess.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.erasure import ErasureReport, MemberErasureRequested, Retained
from smart_common.member_data import Gathered, Holding
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.rulepacks import Rule, RuleBook, RuleNotConfigured, RulePack

DATED_BY = ("issue_date", "issued_at", "created_at")
"""The fields a row's date is read from, first present first; none: the period runs from the
request."""


@dataclass(frozen=True)
class Erasable:
    holding: Holding
    personal: tuple[str, ...]  # dotted paths of what identifies the member
    retention: str | None  # the pack's rule keeping these rows; None: pseudonymised at once


def pseudonymised(row: Document, paths: tuple[str, ...], label: str) -> Document:
    """The ``$set`` replacing each path present: names by the label, anything else by None."""
    changes: Document = {}
    for path in paths:
        value: Any = row
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            changes[path] = label if isinstance(value, str) and "name" in path else None
    return changes


def row_date(row: Document, fallback: date) -> date:
    for field in DATED_BY:
        value = row.get(field)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return fallback


def kept_until(rule: Rule, dated: date) -> date | None:
    """The last day a row dated ``dated`` is kept: ``years`` after its date, or after the end
    of its year (``from = "year_end"``); no ``years``: as long as the cooperative exists."""
    years = rule.value.get("years")
    if years is None:
        return None
    start = date(dated.year + 1, 1, 1) if rule.value.get("from") == "year_end" else dated
    try:
        return start.replace(year=start.year + int(years))
    except ValueError:  # 29 February
        return start.replace(year=start.year + int(years), day=28) + timedelta(days=1)


class EraseMemberData(EventReaction):
    """A service's part of a member's erasure (subclassed once per service)."""

    handles = (MemberErasureRequested,)
    service: ClassVar[str]
    report: ClassVar[type[ErasureReport]]
    erasables: ClassVar[tuple[Erasable, ...]]

    def __init__(self, rules: RuleBook, clock: Clock, cipher: PersonalDataCipher):
        self._rules = rules
        self._clock = clock
        self._cipher = cipher

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if hasattr(cls, "report"):
            cls.raises = (cls.report,)

    async def handle(
        self, data: MemberErasureRequested, envelope: Envelope, tx: Transaction
    ) -> None:
        try:
            pack = self._rules.pack(data.entity, data.requested_on)
        except RuleNotConfigured:
            pack = RulePack(entity=data.entity, on=data.requested_on, rules={})
        today = self._clock.today()
        label = self._cipher.pseudonym(data.member_id)
        gathered: Gathered = {}
        erased = 0
        kept: dict[str, list[date | None]] = defaultdict(list)
        rules: dict[str, Rule | None] = {}
        for erasable in self.erasables:
            holding = erasable.holding
            collection = tx.collection(holding.collection)
            rows = await collection.find(holding.query(data.member_id, gathered))
            gathered[holding.collection] = rows
            rule = None
            if erasable.retention is not None:
                try:
                    rule = pack.rule(erasable.retention)
                except RuleNotConfigured:
                    rule = None
                rules[erasable.retention] = rule
            for row in rows:
                until = None if rule is None else kept_until(rule, row_date(row, data.requested_on))
                if erasable.retention is None or (until is not None and until < today):
                    changes = pseudonymised(row, erasable.personal, label)
                    changes["erasure"] = {
                        "erasure_id": data.erasure_id,
                        "done_on": as_stored(today),
                    }
                    erased += 1
                else:
                    changes = {
                        "erasure": {
                            "erasure_id": data.erasure_id,
                            "retained_until": None if until is None else as_stored(until),
                            "rule": erasable.retention,
                            "label": label,
                        }
                    }
                    kept[erasable.retention].append(until)
                await collection.update_one({"_id": row["_id"]}, {"$set": changes})
        await tx.record_event(
            self.report(
                erasure_id=data.erasure_id,
                member_id=data.member_id,
                service=self.service,
                pseudonymised=erased,
                retained=[
                    retained(name, rules[name], untils) for name, untils in sorted(kept.items())
                ],
            ),
            subject=data.erasure_id,
            entity=data.entity,
            correlation_id=envelope.correlation_id,
        )


def retained(name: str, rule: Rule | None, untils: list[date | None]) -> Retained:
    if rule is None:
        return Retained(
            rule=name,
            records=len(untils),
            until=None,
            source="not configured in the entity's rule pack: kept until it is",
            verified=False,
        )
    dates = [until for until in untils if until is not None]
    return Retained(
        rule=name,
        records=len(untils),
        until=max(dates) if len(dates) == len(untils) else None,
        source=rule.source,
        verified=rule.verified,
    )


class ErasureSweep:
    """Pseudonymises the kept rows whose period ended (a daily worker in each service)."""

    def __init__(self, uow: UnitOfWork, clock: Clock, erasables: tuple[Erasable, ...]):
        self._uow = uow
        self._clock = clock
        self._erasables = erasables

    async def sweep(self) -> int:
        return await self._uow.run(self._sweep)

    async def _sweep(self, tx: Transaction) -> int:
        today = self._clock.today()
        swept = 0
        for erasable in self._erasables:
            collection = tx.collection(erasable.holding.collection)
            due = await collection.find(
                {"erasure.retained_until": {"$ne": None, "$lt": as_stored(today)}}
            )
            for row in due:
                changes = pseudonymised(row, erasable.personal, row["erasure"]["label"])
                changes["erasure"] = {
                    "erasure_id": row["erasure"]["erasure_id"],
                    "done_on": as_stored(today),
                }
                await collection.update_one({"_id": row["_id"]}, {"$set": changes})
                swept += 1
        return swept


def as_stored(day: date) -> datetime:
    """BSON has no date type: days are stored as midnight datetimes."""
    return datetime(day.year, day.month, day.day)
