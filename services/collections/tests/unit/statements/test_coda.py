from datetime import date
from decimal import Decimal

import pytest

from smart_collections.statements.coda import looks_like_coda, read_coda
from smart_collections.statements.model import UnreadableStatement
from smart_collections.use_cases.import_bank_statement import read
from smart_common.problems import Unprocessable
from smart_devstack.bank_statements import Credit, camt053, coda

DAY = date(2026, 3, 2)
CREDITS = [
    Credit(Decimal("1210.00"), reference="+++090/9337/55493+++"),
    Credit(Decimal("20.00"), unstructured="facture 2026-000123"),
    Credit(Decimal("1.50"), debit=True, debtor="Bank fees"),
]


def test_a_coda_statement_reads_like_its_camt_twin():
    data = coda(CREDITS, DAY, sequence=42)
    assert looks_like_coda(data) and not looks_like_coda(camt053(CREDITS, DAY))
    statement = read_coda(data)
    statement.check_balances()
    assert (statement.format, statement.account, statement.sequence) == (
        "coda",
        "BE71096123456769",
        "042",
    )
    assert statement.statement_date == DAY and statement.currency == "EUR"
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("1000"),
        Decimal("2228.5"),
    )
    payment, text, fee = statement.lines
    assert payment.structured_reference == "090933755493" and payment.credit
    assert payment.counterparty_name == "Théâtre de Namur"
    assert payment.counterparty_iban == "BE68539007547034"
    assert text.unstructured == "facture 2026-000123" and text.structured_reference is None
    assert not fee.credit and fee.amount == Decimal("1.5")
    twin = read(camt053(CREDITS, DAY))
    assert [line.signed for line in twin.lines] == [line.signed for line in statement.lines]


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda data: data[: data.rindex(b"\r\n9")], "truncated"),  # no trailer
        (lambda data: data.replace(b"\r\n2", b"\r\n2 ", 1), "holds 129 characters"),
        (lambda data: data.replace(b"1210000", b"1211000", 1), "consistent"),
    ],
)
def test_a_damaged_coda_file_says_why(damage, reason):
    with pytest.raises(UnreadableStatement, match=reason):
        read_coda(damage(coda(CREDITS, DAY)))


def test_unbalanced_coda_is_refused_as_unprocessable():
    with pytest.raises(Unprocessable, match="file: "):
        read(coda(CREDITS, DAY, closing=Decimal("5.00")))
