"""How long a login must wait after failed attempts (per account and per client address).

A few failures are free (a mistyped password); each one beyond doubles the wait, up to a
ceiling; failures older than the window are forgotten. Guessing a password then costs hours
per thousand tries, while the account's owner is slowed down only after several mistakes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    free_failures: int
    first_wait: timedelta
    longest_wait: timedelta
    window: timedelta

    def wait_after(self, failures: int) -> timedelta:
        """The wait imposed once ``failures`` attempts in a row have failed."""
        if failures < self.free_failures:
            return timedelta(0)
        doublings = min(failures - self.free_failures, 30)
        return min(self.first_wait * (2**doublings), self.longest_wait)


@dataclass(frozen=True, slots=True)
class FailedAttempts:
    """What is known of one account's (or one address's) recent failures."""

    failures: int
    last_failure_at: datetime

    def after_another(self, policy: ThrottlePolicy, now: datetime) -> FailedAttempts:
        if now - self.last_failure_at > policy.window:
            return FailedAttempts(1, now)
        return FailedAttempts(self.failures + 1, now)

    def blocked_until(self, policy: ThrottlePolicy) -> datetime:
        return self.last_failure_at + policy.wait_after(self.failures)


def first_failure(now: datetime) -> FailedAttempts:
    return FailedAttempts(1, now)
