"""The one clock: every rule that reads "now" or "today" asks the clock it was given.

Composition roots build it from the settings (:func:`clock_from_settings`) and inject it; no rule
reads the system time. In development the embedded stack can run at a chosen date
(``SMART_TODAY``, ``make up TODAY=2027-02-15``): the clock starts at that date and keeps running,
so a person can rehearse a month of the saga. Tests give a :class:`FixedClock` they move.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...

    def today(self) -> date:
        """The current calendar date (UTC)."""
        ...


class SystemClock:
    """The machine's time: the only clock of a production deployment."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class ShiftedClock:
    """The machine's time moved by whole days: ``today`` was the date on the day ``since``.

    Time keeps running from the chosen date. Every process of a stack is given the same pair
    (``SMART_TODAY``, ``SMART_TODAY_SINCE``), so they agree, and a process restarted days later
    goes on where the others are instead of going back to the chosen date.
    """

    def __init__(self, today: date, *, since: date | None = None, base: Clock | None = None):
        self._base = base or SystemClock()
        self._offset = timedelta(days=(today - (since or self._base.today())).days)

    def now(self) -> datetime:
        return self._base.now() + self._offset

    def today(self) -> date:
        return self.now().date()


class FixedClock:
    """A clock that only moves when told to (tests)."""

    def __init__(self, at: datetime | date):
        if not isinstance(at, datetime):
            at = datetime.combine(at, time(9, 0), tzinfo=UTC)
        if at.tzinfo is None:
            raise ValueError("a FixedClock needs a timezone-aware instant")
        self._now = at

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.date()

    def advance(self, delta: timedelta) -> None:
        self._now += delta


def clock_from_settings(today: date | None, since: date | None = None) -> Clock:
    """The system clock, or (development only, checked by the settings) one shifted to ``today``."""
    return SystemClock() if today is None else ShiftedClock(today, since=since)
