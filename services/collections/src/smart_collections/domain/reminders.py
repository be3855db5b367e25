"""Reminders under the law (pure): which step of its entity's schedule an unpaid receivable has
reached on a day, and what its client owes on that day — the principal, the late interest and
the compensation — from the dated rules of the entity's pack.

- **Business clients** (Belgium: law of 2 August 2002, art. 5 and 6; France: Code de commerce
  L441-10 and D441-5): interest runs from the day after the due date without notice, simple
  interest over actual days / 365, each day at the rate in force that day (the rate changes per
  semester, each a dated rule); the flat compensation is due once per invoice. A period whose
  rate the pack leaves empty is not computed: the amounts say so, never guess.
- **Consumers** (Belgium: Code of economic law, art. XIX.2): the first reminders are free; the
  next step waits the law's period after the first one (counted from the day after an e-mail),
  then damages by bracket of the principal, capped. No interest is claimed from consumers
  unless the pack's consumer rule sets a rate.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from smart_common.rulepacks import RuleBook, RulePack

ZERO = Decimal("0")
CENT = Decimal("0.01")
HAND_OFF = "hand_off"
"""The last step: no letter, a collections case for people."""


@dataclass(frozen=True, slots=True)
class Sent:
    step: str
    on: date


@dataclass(frozen=True, slots=True)
class Unpaid:
    """What the engine needs of an open receivable."""

    receivable_id: str
    client_kind: str  # business | consumer
    due_date: date
    outstanding: Decimal
    sent: tuple[Sent, ...] = ()


@dataclass(frozen=True, slots=True)
class AmountsDue:
    principal: Decimal
    interest: Decimal
    compensation: Decimal
    interest_complete: bool
    """False when a period's rate is not configured: ``interest`` leaves that period out."""
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.compensation


@dataclass(frozen=True, slots=True)
class Planned:
    receivable_id: str
    step: str
    index: int
    """The step's rank in the schedule, from 0."""
    amounts: AmountsDue
    pay_by: date
    """The day the letter asks to pay by: the eve of the next step (for a consumer's first
    reminder, at least the law's period counted from the day after it)."""


def pay_by_day(steps: list[dict[str, Any]], index: int, as_of: date, law_days: int) -> date:
    """The day a letter of step ``index`` sent on ``as_of`` asks to pay by: the eve of the next
    step, and at least ``law_days`` after it (a Belgian consumer's first reminder: 14 days
    counted from the day after it, art. XIX.2 Code of economic law)."""
    gap = int(steps[index + 1]["days"]) - int(steps[index]["days"]) if index + 1 < len(steps) else 1
    law = law_days if index == 0 else 0
    return as_of + timedelta(days=max(gap - 1, law))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _RatePeriods:
    """The B2B rate of each period of an entity, from the dated versions of its rule."""

    starts: list[date]
    rates: list[Decimal | None]

    def interest(self, principal: Decimal, first: date, last: date) -> tuple[Decimal, list[str]]:
        """Simple interest on ``principal`` for every day from ``first`` to ``last``, each
        period at its own rate; the periods without one are named, not computed."""
        if last < first or principal <= ZERO:
            return ZERO, []
        total, missing = ZERO, []
        index = bisect.bisect_right(self.starts, first) - 1  # -1: before the first rule
        day = first
        while day <= last:
            following = self.starts[index + 1] if index + 1 < len(self.starts) else None
            until = last if following is None else min(following - timedelta(days=1), last)
            rate = self.rates[index] if index >= 0 else None
            if rate is None:
                missing.append(f"no interest rate configured from {day} to {until}")
            else:
                total += principal * rate * ((until - day).days + 1) / 365
            day = until + timedelta(days=1)
            index += 1
        return total, missing


class ReminderPolicy:
    """The reminder rules of one entity, read once from its pack (the schedule, the B2B and
    consumer late-payment rules) for planning many receivables on one day."""

    def __init__(self, rules: RuleBook, entity: str, on: date):
        self._rules = rules
        self._entity = entity
        self._pack: RulePack = rules.pack(entity, on)
        self._schedule: dict[str, list[dict[str, Any]]] = self._pack.value("reminder_schedule")
        self._consumer: dict[str, Any] = self._pack.value("late_payment_consumer")
        self._b2b: dict[str, Any] = self._pack.value("late_payment_b2b")
        self.payment_plan_grace_days = int(self._pack.value("payment_plan_grace_days"))

    @cached_property
    def _periods(self) -> _RatePeriods:
        versions = [
            rule
            for entity, rule in self._rules.versions("late_payment_b2b")
            if entity == self._entity
        ]
        return _RatePeriods(
            starts=[rule.valid_from for rule in versions],
            rates=[
                Decimal(rule.value["interest_rate"]) if rule.value.get("interest_rate") else None
                for rule in versions
            ],
        )

    def steps(self, client_kind: str) -> list[dict[str, Any]]:
        return self._schedule[client_kind]

    def next_step(self, unpaid: Unpaid, as_of: date) -> Planned | None:
        """The step due on ``as_of``, or None: one at a time, in order, each no earlier than
        its days after the due date nor than the schedule's interval after the step before."""
        if unpaid.outstanding <= ZERO:
            return None
        steps = self.steps(unpaid.client_kind)
        index = len(unpaid.sent)
        if index >= len(steps):
            return None
        step = steps[index]
        if as_of < unpaid.due_date + timedelta(days=int(step["days"])):
            return None
        if unpaid.sent:
            # the schedule's interval since the step before, however late that one went out
            gap = int(step["days"]) - int(steps[index - 1]["days"])
            if as_of < unpaid.sent[-1].on + timedelta(days=gap):
                return None
        if unpaid.client_kind == "consumer" and unpaid.sent:
            waiting = int(self._consumer.get("waiting_days", 0))
            # counted from the day after the first reminder's e-mail
            if as_of <= unpaid.sent[0].on + timedelta(days=waiting):
                return None
        return Planned(
            unpaid.receivable_id,
            step["step"],
            index,
            self.amounts(unpaid, as_of, index),
            pay_by_day(
                steps,
                index,
                as_of,
                int(self._consumer.get("waiting_days", 0))
                if unpaid.client_kind == "consumer"
                else 0,
            ),
        )

    def amounts(self, unpaid: Unpaid, as_of: date, index: int) -> AmountsDue:
        """What the client owes on ``as_of`` in the letter of step ``index``."""
        principal = unpaid.outstanding
        if unpaid.client_kind == "consumer":
            return self._consumer_amounts(principal, index)
        interest, missing = self._periods.interest(
            principal, unpaid.due_date + timedelta(days=1), as_of
        )
        compensation = Decimal(self._b2b.get("compensation") or "0")
        return AmountsDue(
            principal=principal,
            interest=_cents(interest),
            compensation=compensation,
            interest_complete=not missing,
            notes=tuple(missing),
        )

    def _consumer_amounts(self, principal: Decimal, index: int) -> AmountsDue:
        rule = self._consumer
        if index < int(rule.get("free_reminders", 0)) or "damages" not in rule:
            notes = () if "damages" in rule else ("the consumer rule gives no damages scale",)
            return AmountsDue(principal, ZERO, ZERO, True, notes)
        damages = ZERO
        for tier in rule["damages"]:
            if "up_to" not in tier or principal <= Decimal(tier["up_to"]):
                above = max(principal - Decimal(tier["above"]), ZERO)
                damages = Decimal(tier["base"]) + above * Decimal(tier["rate"])
                break
        damages = min(_cents(damages), Decimal(rule["damages_cap"]))
        return AmountsDue(principal, ZERO, damages, True)
