"""The activity's books: every movement balanced; a paid invoice's VAT and contribution
shares add up to the invoice's, however it is paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smart_activities.domain import ledger
from smart_activities.domain.figures import balance, month_figures
from smart_activities.domain.ledger import Account, InvoiceAccount, MovementKind, amount_of

DAY = date(2026, 3, 2)
RATE = Decimal("0.065")


def invoice(excl: str, vat: str) -> InvoiceAccount:
    excl_vat, vat_amount = Decimal(excl), Decimal(vat)
    return InvoiceAccount(
        total=ledger.cents(excl_vat + vat_amount),
        vat=ledger.cents(vat_amount),
        excl_vat=ledger.cents(excl_vat),
        contribution_rate=RATE,
    )


def test_an_unbalanced_movement_cannot_exist():
    with pytest.raises(ValueError, match="unbalanced"):
        ledger.Movement(
            MovementKind.SALARY,
            DAY,
            "x",
            (ledger.Line(Account.CASH, -1), ledger.Line(Account.SALARIES, 2)),
        )


def test_one_payment_of_the_whole_invoice():
    account = invoice("1000.00", "210.00")
    payment, contribution, after = ledger.payment_received(account, DAY, "BE-1", Decimal("1210.00"))
    lines = {line.account: line.cents for line in payment.lines}
    assert lines == {Account.CASH: 100000, Account.VAT: 21000, Account.RECEIVABLE: -121000}
    assert {line.account: line.cents for line in contribution.lines} == {
        Account.CONTRIBUTION: 6500,
        Account.CASH: -6500,
    }
    assert after.outstanding == 0 and after.vat_outstanding == 0 and after.contribution == 6500


@given(
    excl=st.integers(min_value=1, max_value=10_000_000),
    vat_rate=st.sampled_from([Decimal(0), Decimal("0.06"), Decimal("0.21"), Decimal("0.20")]),
    cuts=st.lists(st.integers(min_value=1, max_value=99), max_size=6),
)
def test_partial_payments_add_up_to_the_invoice(excl, vat_rate, cuts):
    excl_vat = amount_of(excl)
    vat = ledger.amount_of(ledger.cents(excl_vat * vat_rate))
    account = invoice(str(excl_vat), str(vat))
    total = account.total
    payments, paid = [], 0
    for cut in sorted(set(cuts)):
        amount = total * cut // 100 - paid
        if amount > 0:
            payments.append(amount)
            paid += amount
    payments.append(total - paid)
    vat_total = contribution_total = cash = 0
    for amount in payments:
        payment, contribution, account = ledger.payment_received(
            account, DAY, "BE-1", amount_of(amount)
        )
        for movement in (payment, contribution):
            assert sum(line.cents for line in movement.lines) == 0
            for line in movement.lines:
                vat_total += line.cents if line.account == Account.VAT else 0
                contribution_total += line.cents if line.account == Account.CONTRIBUTION else 0
                cash += line.cents if line.account == Account.CASH else 0
    assert vat_total == ledger.cents(vat)
    assert contribution_total == ledger.cents(excl_vat * RATE)
    assert cash == ledger.cents(excl_vat) - contribution_total
    assert account.outstanding == 0


def test_a_credit_note_then_the_rest_paid():
    account = invoice("1000.00", "210.00")
    credit, account = ledger.credit_note_issued(
        account, DAY, "BE-CN-1", Decimal("400.00"), Decimal("84.00"), Decimal("484.00")
    )
    assert {line.account: line.cents for line in credit.lines} == {
        Account.REVENUE: 40000,
        Account.VAT: 8400,
        Account.RECEIVABLE: -48400,
    }
    payment, contribution, account = ledger.payment_received(
        account, DAY, "BE-1", Decimal("726.00")
    )
    assert {line.account: line.cents for line in payment.lines}[Account.VAT] == 12600
    assert {line.account: line.cents for line in contribution.lines}[Account.CONTRIBUTION] == 3900


def test_a_contract_mode_job_comes_back_to_zero_and_the_figures_say_why():
    movements = [
        ledger.invoice_issued(DAY, "BE-1", Decimal("1000"), Decimal("210"), Decimal("1210"))
    ]
    payment, contribution, _ = ledger.payment_received(
        invoice("1000.00", "210.00"), date(2026, 4, 1), "BE-1", Decimal("1210.00")
    )
    movements += [payment, contribution]
    movements.append(ledger.salary(date(2026, 4, 2), "salary", Decimal("885.00"), Decimal("50.00")))
    sums: dict[tuple[MovementKind, Account], int] = {}
    for movement in movements:
        for line in movement.lines:
            key = (movement.kind, line.account)
            sums[key] = sums.get(key, 0) + line.cents
    figures = balance(sums)
    assert figures.invoiced == Decimal("1000.00") and figures.receivable == Decimal("0.00")
    assert figures.received == Decimal("1000.00") and figures.contribution == Decimal("65.00")
    assert figures.salaries == Decimal("885.00") and figures.expenses == Decimal("50.00")
    assert figures.available == Decimal("0.00")
    march = month_figures("2026-03", {(MovementKind.INVOICE, Account.REVENUE): -100000})
    assert (march.revenue, march.costs, march.margin) == (Decimal("1000.00"), 0, Decimal("1000.00"))
