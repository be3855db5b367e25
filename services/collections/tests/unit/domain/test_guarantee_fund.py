"""The guarantee fund's books through a receivable's life: every movement balances, and a
written-off receivable paid later leaves no loss and no exposure."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from smart_collections.domain.guarantee_fund import Account, Exposure, balances
from smart_collections.domain.receivable import CannotWriteOff, Receivable
from smart_common.events.invoicing import InvoiceSent

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def receivable(amount: str = "1815.00") -> Receivable:
    invoice = InvoiceSent(
        invoice_id="invoice-1",
        number="BE2026-000001",
        job_id="job-1",
        member_id="member-1",
        client_id="client-1",
        entity="BE",
        channel="email",
        job_end_date=date(2026, 11, 2),
        due_date=date(2026, 12, 2),
        total_incl_vat=amount,
        currency="EUR",
        payment_reference="+++090/9337/55493+++",
    )
    return Receivable.open("r-1", invoice, date(2026, 11, 11), None, NOW)


def books(*receivables: Receivable) -> dict[Account, Decimal]:
    return balances(
        (str(line.account), line.amount)
        for r in receivables
        for movement in r.movements
        for line in movement.lines
    )


def types(r: Receivable) -> list[str]:
    return [type(event).__name__ for event in r._raised]


def test_every_movement_sums_to_zero():
    r = receivable()
    r.apply_payment("p-1", Decimal("815.00"), date(2026, 11, 5), NOW)
    assert r.guarantee(NOW)
    assert [m.kind for m in r.movements] == ["advanced"]
    assert r.movements[0].amount == Decimal("1000.00")  # what the client still owed
    for movement in r.movements:
        assert sum(line.amount for line in movement.lines) == 0


def test_a_late_payment_recovers_the_advance_and_no_more():
    r = receivable()
    r.guarantee(NOW)
    r.apply_payment("p-1", Decimal("800.00"), date(2026, 12, 20), NOW)
    assert books(r)[Account.ADVANCES] == Decimal("1015.00")
    r.apply_payment("p-2", Decimal("1100.00"), date(2026, 12, 21), NOW)  # 85 overpaid
    assert books(r) == {Account.FUND_CASH: 0, Account.ADVANCES: 0, Account.LOSSES: 0}
    assert r.document["overpaid"] == "85.00"
    assert types(r).count("GuaranteeRecovered") == 2


def test_written_off_then_paid_leaves_the_books_balanced_and_empty():
    r = receivable()
    r.guarantee(NOW)
    assert r.write_off("w-1", "staff-1", "admin-1", NOW) == Decimal("1815.00")
    assert r.document["status"] == "written_off"
    after_write_off = books(r)
    assert after_write_off[Account.LOSSES] == Decimal("1815.00")
    assert after_write_off[Account.ADVANCES] == 0
    r.apply_payment("p-1", Decimal("500.00"), date(2027, 2, 1), NOW)  # a part comes back
    assert r.document["status"] == "written_off"
    assert books(r)[Account.LOSSES] == Decimal("1315.00")
    r.apply_payment("p-2", Decimal("1315.00"), date(2027, 3, 1), NOW)
    assert books(r) == {Account.FUND_CASH: 0, Account.ADVANCES: 0, Account.LOSSES: 0}
    assert r.document["status"] == "paid"
    assert sum(books(r).values()) == 0
    assert "PaymentReceived" in types(r)


@pytest.mark.parametrize(
    ("prepare", "why"),
    [
        (lambda r: None, "not guaranteed"),
        (lambda r: (r.guarantee(NOW), r.write_off("w-0", "s", "a", NOW)), "written off already"),
        (
            lambda r: (
                r.guarantee(NOW),
                r.apply_payment("p", Decimal("1815.00"), date(2026, 12, 20), NOW),
            ),
            "got its advance back",
        ),
    ],
)
def test_nothing_to_lose_cannot_be_written_off(prepare, why):
    r = receivable()
    prepare(r)
    with pytest.raises(CannotWriteOff, match=why):
        r.write_off("w-1", "staff-1", "admin-1", NOW)


def test_exposure_reverses_the_loss_before_recovering():
    exposure = Exposure(Decimal("100"), Decimal("0"), Decimal("100"))
    [reversal, recovery] = exposure.on_payment(Decimal("40"), "EUR", NOW)
    assert (reversal.kind, reversal.amount) == ("loss_reversed", Decimal("40"))
    assert (recovery.kind, recovery.amount) == ("recovered", Decimal("40"))
