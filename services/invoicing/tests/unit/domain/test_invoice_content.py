from datetime import date
from decimal import Decimal

from smart_common.events.members import Address
from smart_common.rulepacks import default_rule_book
from smart_devstack.samples import job_snapshot
from smart_invoicing.domain.invoice import invoice_content

PACK = default_rule_book().pack("BE", date(2026, 12, 1))


def test_belgian_business_client_pays_21_percent_and_totals_add_up():
    content = invoice_content(job_snapshot("j", amount="1234.57"), "BE", PACK, date(2026, 12, 1))
    assert content.total_excl_vat == Decimal("1234.57")
    assert content.total_vat == Decimal("259.26")
    assert content.total_incl_vat == Decimal("1493.83")
    assert content.due_date == date(2026, 12, 31)
    assert content.vat_breakdown[0]["category"] == "S"


def test_eu_business_client_is_reverse_charged_with_the_mention():
    job = job_snapshot("j")
    french = job.model_copy(
        update={
            "client": job.client.model_copy(
                update={
                    "address": Address(
                        street="1 rue", postal_code="75001", city="Paris", country="FR"
                    )
                }
            )
        }
    )
    content = invoice_content(french, "BE", PACK, date(2026, 12, 1))
    assert content.total_vat == Decimal("0")
    assert content.vat_breakdown[0]["category"] == "AE"
    assert "Reverse charge" in content.vat_breakdown[0]["mention"]
