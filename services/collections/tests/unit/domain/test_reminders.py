"""Reminders planned from the packs: the schedule's days, B2B interest per rate period and the
EUR 40, the Belgian consumer's free first reminder, waiting period and damages scale."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from smart_collections.domain.reminders import ReminderPolicy, Sent, Unpaid, pay_by_day
from smart_common.rulepacks import default_rule_book

BOOK = default_rule_book()


def plan(unpaid: Unpaid, as_of: date, entity: str = "BE"):
    return ReminderPolicy(BOOK, entity, as_of).next_step(unpaid, as_of)


def business(due: date, outstanding: str = "1000.00", *sent: Sent) -> Unpaid:
    return Unpaid("r-1", "business", due, Decimal(outstanding), tuple(sent))


def consumer(due: date, outstanding: str, *sent: Sent) -> Unpaid:
    return Unpaid("r-1", "consumer", due, Decimal(outstanding), tuple(sent))


def test_a_business_client_is_reminded_on_the_schedules_days_with_interest_and_40():
    due = date(2026, 3, 1)
    assert plan(business(due), date(2026, 3, 7)) is None  # due + 7 not reached
    first = plan(business(due), date(2026, 3, 8))
    assert first is not None and (first.step, first.index) == ("first_reminder", 0)
    # 7 days at 10.5 % (2026 H1): 1000 × 0.105 × 7 / 365 = 2.0137
    assert (first.amounts.interest, first.amounts.compensation) == (
        Decimal("2.01"),
        Decimal("40.00"),
    )
    assert first.amounts.total == Decimal("1042.01") and first.amounts.interest_complete
    assert first.pay_by == date(2026, 3, 21)  # the eve of the second reminder
    sent = Sent("first_reminder", date(2026, 3, 8))
    assert plan(business(due, "1000.00", sent), date(2026, 3, 21)) is None
    second = plan(business(due, "1000.00", sent), date(2026, 3, 22))
    assert second is not None and second.step == "second_reminder"


def test_the_steps_keep_the_schedules_intervals_and_end_with_the_hand_off():
    due = date(2026, 3, 1)
    day = date(2026, 6, 1)  # long overdue: the first step goes out at once
    steps = []
    sent: list[Sent] = []
    while day < date(2026, 12, 31):
        planned = plan(business(due, "1000.00", *sent), day)
        if planned is not None:
            steps.append((planned.step, day))
            sent.append(Sent(planned.step, day))
        day += timedelta(days=1)
    # 7, 21, 35, 60 days after the due date: 14, 14 and 25 days apart
    assert steps == [
        ("first_reminder", date(2026, 6, 1)),
        ("second_reminder", date(2026, 6, 15)),
        ("formal_notice", date(2026, 6, 29)),
        ("hand_off", date(2026, 7, 24)),
    ]
    assert plan(business(due, "0.00"), day) is None  # paid: nothing to remind


def test_interest_runs_at_each_periods_rate():
    # 10 days of 2024 at 12.5 %, 10 days of 2025 at 11.5 %: 1000 × (1.25 + 1.15) / 365
    planned = plan(business(date(2024, 12, 21)), date(2025, 1, 10))
    assert planned is not None and planned.amounts.interest == Decimal("6.58")


def test_a_period_without_a_configured_rate_is_named_not_guessed():
    planned = plan(business(date(2025, 6, 20)), date(2025, 7, 10))
    assert planned is not None
    assert planned.amounts.interest == Decimal("3.15")  # 10 days of June at 11.5 %
    assert not planned.amounts.interest_complete
    assert planned.amounts.notes == ("no interest rate configured from 2025-07-01 to 2025-07-10",)


def test_a_belgian_consumers_first_reminder_is_free_and_the_next_waits_14_days():
    due = date(2026, 3, 1)
    first = plan(consumer(due, "400.00"), date(2026, 3, 8))
    assert first is not None and first.amounts.total == Decimal("400.00")
    assert first.pay_by == date(2026, 3, 24)  # the eve of the next step, past the law's 14 days
    sent = Sent("first_reminder", date(2026, 3, 20))  # sent late: the 14 days count from it
    assert plan(consumer(due, "400.00", sent), date(2026, 3, 25)) is None  # due + 24, too soon
    assert plan(consumer(due, "400.00", sent), date(2026, 4, 3)) is None  # day 14 after it
    assert plan(consumer(due, "400.00", sent), date(2026, 4, 5)) is None  # the 17 between steps
    second = plan(consumer(due, "400.00", sent), date(2026, 4, 6))
    assert second is not None and second.step == "second_reminder"
    # EUR 150.01 – 500: 30 + 10 % of the part above 150; no interest claimed
    assert (second.amounts.compensation, second.amounts.interest) == (Decimal("55.00"), 0)


@pytest.mark.parametrize(
    ("principal", "damages"),
    [("100.00", "20.00"), ("150.00", "20.00"), ("1000.00", "90.00"), ("50000.00", "2000.00")],
)
def test_the_consumer_damages_scale_and_its_cap(principal, damages):
    unpaid = consumer(date(2026, 3, 1), principal, Sent("first_reminder", date(2026, 3, 8)))
    planned = plan(unpaid, date(2026, 4, 1))
    assert planned is not None and planned.amounts.compensation == Decimal(damages)


def test_france_names_its_unconfigured_rate():
    planned = plan(business(date(2026, 3, 1)), date(2026, 3, 8), "FR")
    assert planned is not None and planned.amounts.compensation == Decimal("40.00")
    assert not planned.amounts.interest_complete and planned.amounts.interest == 0


def test_a_consumers_first_reminder_gives_at_least_the_laws_period_to_pay():
    # a schedule whose next step comes sooner than the law's 14 days: the letter gives 14
    steps = [{"step": "first_reminder", "days": 7}, {"step": "second_reminder", "days": 10}]
    assert pay_by_day(steps, 0, date(2026, 3, 8), law_days=14) == date(2026, 3, 22)
    assert pay_by_day(steps, 0, date(2026, 3, 8), law_days=0) == date(2026, 3, 10)
    assert pay_by_day(steps, 1, date(2026, 3, 11), law_days=14) == date(2026, 3, 11)  # the last
