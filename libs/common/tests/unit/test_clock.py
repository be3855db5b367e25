from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from smart_common.clock import FixedClock, ShiftedClock, SystemClock, clock_from_settings
from smart_common.settings import ServiceSettings


def test_a_shifted_clock_starts_on_the_chosen_day_and_keeps_running():
    machine = FixedClock(datetime(2026, 12, 1, 20, 15, tzinfo=UTC))
    clock = ShiftedClock(date(2027, 2, 15), base=machine)
    assert clock.now() == datetime(2027, 2, 15, 20, 15, tzinfo=UTC)
    machine.advance(timedelta(days=3, hours=5))
    assert clock.today() == date(2027, 2, 19)


def test_processes_given_the_same_anchor_agree_after_a_restart():
    machine = FixedClock(date(2026, 12, 10))  # restarted nine days after the stack
    clock = ShiftedClock(date(2027, 2, 15), since=date(2026, 12, 1), base=machine)
    assert clock.today() == date(2027, 2, 24)


def test_the_settings_choose_the_clock_and_refuse_a_date_outside_development():
    assert isinstance(clock_from_settings(None), SystemClock)
    chosen = ServiceSettings(today=date(2027, 2, 15))
    assert clock_from_settings(chosen.today).today() == date(2027, 2, 15)
    with pytest.raises(ValidationError, match="refused outside development"):
        ServiceSettings(
            environment="production",
            today=date(2027, 2, 15),
            jwks_url="http://members/.well-known/jwks.json",
            personal_data_key="b3RoZXIta2V5LW9mLXRoaXJ0eS10d28tYnl0ZXMtLTE=",
        )
    with pytest.raises(ValidationError, match="refused outside development"):
        ServiceSettings(environment="test", today=date(2027, 2, 15))
