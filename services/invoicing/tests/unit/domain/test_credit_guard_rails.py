from decimal import Decimal as D

from smart_invoicing.domain.credit_guard_rails import outside_guard_rails

INVOICE = {"total_incl_vat": "1210.00"}


def test_before_the_salary_a_member_credits_up_to_what_the_client_has_not_paid():
    assert outside_guard_rails(INVOICE, D("1210.00"), D("0")) == []
    paid_in_part = INVOICE | {"settlement": {"paid_incl_vat": "1000.00"}}
    assert outside_guard_rails(paid_in_part, D("210.00"), D("0")) == []
    [why] = outside_guard_rails(paid_in_part, D("210.01"), D("0"))
    assert "not paid (210.00 incl. VAT)" in why
    [why] = outside_guard_rails(INVOICE, D("20.00"), D("1200.00"))
    assert "(10.00 incl. VAT)" in why


def test_once_the_salary_is_paid_or_guaranteed_a_counsellor_decides():
    for how in ("paid", "guaranteed"):
        settled = INVOICE | {"settlement": {"salary": how, "paid_incl_vat": "0"}}
        assert outside_guard_rails(settled, D("1.00"), D("0")) == [
            f"the job's salary is already {how}"
        ]
