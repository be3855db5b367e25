from datetime import date, datetime

from smart_common.member_erasure import kept_until, pseudonymised, row_date
from smart_common.rulepacks import Rule


def rule(**value):
    return Rule("retention_accounting", date(2023, 1, 1), value, "a law", False)


def test_a_row_is_kept_its_years_from_its_date_or_from_the_end_of_its_year():
    assert kept_until(rule(years=10, **{"from": "document_date"}), date(2026, 3, 4)) == date(
        2036, 3, 4
    )
    assert kept_until(rule(years=5, **{"from": "year_end"}), date(2026, 3, 4)) == date(2032, 1, 1)
    assert kept_until(rule(years=1), date(2024, 2, 29)) == date(2025, 3, 1)
    assert kept_until(rule(), date(2026, 3, 4)) is None  # the register: while the coop exists


def test_names_become_the_pseudonym_the_rest_goes_and_absent_fields_stay_absent():
    row = {
        "worker": {"first_name": "Ann", "last_name": "Peeters", "ssin": "sealed:v2:k.x"},
        "creditor": {"address": {"street": "Rue Haute 1"}},
        "figures": {"gross": "100.00"},
    }
    paths = ("worker.first_name", "worker.last_name", "worker.ssin", "creditor.address", "logo")
    assert pseudonymised(row, paths, "erased member 1") == {
        "worker.first_name": "erased member 1",
        "worker.last_name": "erased member 1",
        "worker.ssin": None,
        "creditor.address": None,
    }


def test_a_rows_date_is_its_issue_date_then_when_it_was_made_then_the_request():
    assert row_date({"issue_date": "2026-05-01", "created_at": datetime(2026, 6, 1)}, date.max) == (
        date(2026, 5, 1)
    )
    assert row_date({"issued_at": datetime(2026, 6, 1, 10)}, date.max) == date(2026, 6, 1)
    assert row_date({}, date(2026, 12, 2)) == date(2026, 12, 2)
