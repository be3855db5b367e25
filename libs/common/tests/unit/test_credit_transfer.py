"""Salary batches as pain.001.001.09, checked against the ISO 20022 schema (shipped by sepaxml)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from importlib import resources

import pytest
import xmlschema
from lxml import etree

from smart_common.credit_transfer import (
    NAMESPACE,
    Batch,
    Party,
    PostalAddress,
    Transfer,
    render_pain001,
)

SCHEMA = xmlschema.XMLSchema(
    str(resources.files("sepaxml").joinpath("schemas/pain.001.001.09.xsd"))
)
COOP = Party("Smart Coop", PostalAddress("Rue de la Coopération 1", "1000", "Bruxelles", "BE"))
ANN = Party("Ann Peeters-Lefèvre", PostalAddress("Kerkstraat 12", "9000", "Gent", "BE"))
NS = {"p": NAMESPACE}


def batch(*amounts: str, days: tuple[int, ...] = (23,)) -> Batch:
    return Batch(
        "SMART-BE-20261122200000-abcdef",
        datetime(2026, 11, 22, 20, 0),
        COOP,
        "BE71096123456769",
        "GKCCBEBB",
        "EUR",
        [
            Transfer(
                f"E2E{index}",
                Decimal(amount),
                ANN,
                "BE68539007547034",
                f"Salary {index} — été",
                date(2026, 11, days[index % len(days)]),
            )
            for index, amount in enumerate(amounts)
        ],
    )


@pytest.mark.parametrize("amounts", [("1234.56",), ("0.01", "99999.99", "2163.26")])
def test_valid_against_the_schema_with_sala_and_structured_addresses(amounts):
    xml = render_pain001(batch(*amounts, days=(23, 24)))
    SCHEMA.validate(xml.decode())
    tree = etree.fromstring(xml)
    assert tree.xpath("string(//p:GrpHdr/p:NbOfTxs)", namespaces=NS) == str(len(amounts))
    assert Decimal(tree.xpath("string(//p:GrpHdr/p:CtrlSum)", namespaces=NS)) == sum(
        Decimal(amount) for amount in amounts
    )
    per_block = [
        Decimal(block.xpath("string(p:CtrlSum)", namespaces=NS))
        for block in tree.xpath("//p:PmtInf", namespaces=NS)
    ]
    assert sum(per_block) == sum(Decimal(amount) for amount in amounts)
    for transfer in tree.xpath("//p:CdtTrfTxInf", namespaces=NS):
        assert transfer.xpath("string(p:Purp/p:Cd)", namespaces=NS) == "SALA"
        address = transfer.xpath("p:Cdtr/p:PstlAdr", namespaces=NS)[0]
        assert [child.tag.split("}")[1] for child in address] == [
            "StrtNm",
            "PstCd",
            "TwnNm",
            "Ctry",
        ]
        assert not address.xpath("p:AdrLine", namespaces=NS)
    assert tree.xpath("string(//p:CtgyPurp/p:Cd)", namespaces=NS) == "SALA"


def test_names_are_kept_to_the_sepa_character_set():
    xml = render_pain001(batch("10.00"))
    assert b"Lefevre" in xml and b"ete" in xml


def test_a_refund_has_no_salary_purpose_and_may_go_to_a_creditor_without_address():
    client = Party("Théâtre de Namur", None)
    refund = Batch(
        "REFUND-BE-1",
        datetime(2026, 11, 22, 20, 0),
        COOP,
        "BE71096123456769",
        "GKCCBEBB",
        "EUR",
        [
            Transfer(
                "RF1", Decimal("85.00"), client, "BE68539007547034", "Refund", date(2026, 11, 23)
            )
        ],
        purpose=None,
    )
    xml = render_pain001(refund)
    SCHEMA.validate(xml.decode())
    tree = etree.fromstring(xml)
    assert tree.xpath("//p:Purp | //p:CtgyPurp", namespaces=NS) == []
    assert tree.xpath("//p:Cdtr/p:PstlAdr", namespaces=NS) == []
