from datetime import date

from smart_collections.domain.guarantee import guarantee_date, is_working_day

BELGIUM = {"rule": "working_days_after_end", "days": 7, "holidays": "BE"}


def test_seven_working_days_skip_the_weekend():
    # Wednesday 2026-12-02 → Thu 3, Fri 4, Mon 7, Tue 8, Wed 9, Thu 10, Fri 11
    assert guarantee_date(date(2026, 12, 2), BELGIUM) == date(2026, 12, 11)


def test_belgian_public_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25), "BE")
    assert not is_working_day(date(2027, 1, 1), "BE")
    # Monday 2026-12-21 → 22, 23, 24, (25 Christmas), 28, 29, 30, 31
    assert guarantee_date(date(2026, 12, 21), BELGIUM) == date(2026, 12, 31)
    # Across New Year: Wed 2026-12-30 → 31, (Jan 1), Jan 4, 5, 6, 7, 8, 11
    assert guarantee_date(date(2026, 12, 30), BELGIUM) == date(2027, 1, 11)


def test_tenth_of_next_month_and_calendar_days():
    assert guarantee_date(date(2026, 12, 15), {"rule": "day_of_next_month", "day": 10}) == date(
        2027, 1, 10
    )
    assert guarantee_date(
        date(2026, 12, 28), {"rule": "calendar_days_after_end", "days": 7}
    ) == date(2027, 1, 4)
