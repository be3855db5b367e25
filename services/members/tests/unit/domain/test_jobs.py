from datetime import date
from decimal import Decimal

import pytest

from smart_members.domain.identity import InvalidIdentity, normalise_vat_number
from smart_members.domain.jobs import InvalidJob, JobStatus, JobTerms, Step, status_after


def terms(**changes) -> JobTerms:
    values = dict(
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 3),
        worked_days=3,
        amount_excl_vat=Decimal("1000"),
        expenses=Decimal("0"),
        contribution_rate=Decimal("0.065"),
    )
    return JobTerms(**(values | changes))


def test_coherent_terms_pass():
    terms().check()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"end_date": date(2026, 11, 30)}, "end_date"),
        ({"worked_days": 4}, "worked_days"),
        ({"expenses": Decimal("935")}, "expenses"),
    ],
)
def test_incoherent_terms_are_refused(changes, field):
    with pytest.raises(InvalidJob, match=field):
        terms(**changes).check()


def test_status_never_moves_back_when_steps_arrive_out_of_order():
    status = status_after(JobStatus.DECLARED, Step.INVOICE_SENT)
    assert status_after(status, Step.CONTRACT_GENERATED) is JobStatus.INVOICED
    assert status_after(JobStatus.SALARIED, Step.DECLARATION_FILED) is JobStatus.COMPLETED
    assert status_after(JobStatus.CONTRACTED, Step.DIMONA_REFUSED) is JobStatus.BLOCKED


def test_vat_numbers_are_checked_by_checksum_and_country():
    assert normalise_vat_number("BE 0403.019.261", "BE") == "BE0403019261"
    with pytest.raises(InvalidIdentity):
        normalise_vat_number("BE0403019262", "BE")
    with pytest.raises(InvalidIdentity):
        normalise_vat_number("BE0403019261", "FR")


def test_the_declaration_window_bounds_the_dates():
    from datetime import date

    import pytest

    from smart_members.domain.jobs import DeclarationWindow, InvalidJob

    window = DeclarationWindow(days_in_past=30, days_ahead=730)
    today = date(2027, 3, 1)
    window.check(date(2027, 2, 1), date(2027, 2, 2), today, max_days=730)
    for start, end, max_days, message in (
        (date(2027, 1, 1), date(2027, 1, 2), 730, "in the past"),
        (date(2030, 1, 1), date(2030, 1, 2), 730, "ahead"),
        (date(2027, 3, 2), date(9999, 12, 31), 730, "at most 730 days"),
    ):
        with pytest.raises(InvalidJob, match=message):
            window.check(start, end, today, max_days)
    window.check(date(2027, 3, 2), date(2029, 3, 2), today, max_days=None)  # open-ended
