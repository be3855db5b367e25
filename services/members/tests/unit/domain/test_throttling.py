from datetime import UTC, datetime, timedelta

from smart_members.domain.throttling import FailedAttempts, ThrottlePolicy, first_failure

POLICY = ThrottlePolicy(
    free_failures=5,
    first_wait=timedelta(seconds=1),
    longest_wait=timedelta(minutes=15),
    window=timedelta(hours=1),
)
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_a_few_mistakes_are_free_then_each_failure_doubles_the_wait_up_to_a_ceiling():
    waits = [POLICY.wait_after(failures).total_seconds() for failures in range(1, 20)]
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:9] == [1, 2, 4, 8, 16]
    assert max(waits) == 900 and waits[-1] == 900


def test_failures_older_than_the_window_are_forgotten():
    attempts = FailedAttempts(12, NOW)
    assert attempts.after_another(POLICY, NOW + timedelta(minutes=1)).failures == 13
    assert attempts.after_another(POLICY, NOW + timedelta(hours=2)).failures == 1
    assert first_failure(NOW).blocked_until(POLICY) == NOW
    assert attempts.blocked_until(POLICY) == NOW + timedelta(seconds=128)
