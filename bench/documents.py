"""Documents per second on one core: UBL alone, and UBL with its PDF (rendered and embedded).

    make bench-documents BENCH_ARGS="--documents 2000"

Each document is a different invoice (amounts, VAT cases, clients), composed from the rule pack
as the service does, then rendered; the process runs on one core (no threads involved).
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from decimal import Decimal

from smart_common.rulepacks import default_rule_book
from smart_invoicing.documents.pdf import render_pdf
from smart_invoicing.documents.ubl import render_ubl
from smart_invoicing.domain.content import compose_invoice, invoice_languages
from smart_invoicing.domain.document import Document, Line
from smart_invoicing.domain.parties import buyer_party, seller_party
from smart_invoicing.domain.vat import ClientKind, ServiceNature, SupplyFacts, decide_vat

CLIENTS = [
    ("business", "BE0403019261", "BE", "general"),
    ("business", "BE0403019261", "BE", "copyright_licence"),
    ("business", "FR40303265045", "FR", "general"),
    ("business", "NL004495445B01", "NL", "general"),
    ("business", "123456789", "US", "general"),
    ("consumer", None, "BE", "general"),
]


def invoices(count: int) -> list[Document]:
    pack = default_rule_book().pack("BE", date(2026, 11, 22))
    seller = seller_party(
        name="Smart Coop",
        vat_number="BE0123456749",
        street="Rue de la Coopération 1",
        postal_code="1000",
        city="Bruxelles",
        country="BE",
        email="invoices@smart.example",
        pack=pack,
    )
    documents = []
    for index in range(count):
        kind, vat, country, nature = CLIENTS[index % len(CLIENTS)]
        buyer = buyer_party(
            pack,
            name=f"Client {index}",
            kind=kind,
            vat_number=vat,
            street="Street 2",
            postal_code="9000",
            city="City",
            country=country,
            email="client@example.org",
            peppol_id=None,
            seller=seller,
        )
        decision = decide_vat(
            SupplyFacts("BE", ClientKind(kind), country, ServiceNature(nature)), pack
        )
        amount = Decimal(100 + index) + Decimal("0.37")
        line = Line(
            f"Job {index}",
            Decimal("1"),
            "C62",
            amount,
            amount,
            decision.category,
            decision.rate,
            date(2026, 12, 1),
            date(2026, 12, 3),
        )
        documents.append(
            compose_invoice(
                number=f"BE2026-{index + 1:06d}",
                issue_date=date(2026, 11, 22),
                seller=seller,
                buyer=buyer,
                lines=[line],
                decision=decision,
                pack=pack,
                languages=invoice_languages(pack, "brussels", buyer, "fr"),
                currency="EUR",
                payment_reference="+++026/0000/00101+++",
                iban="BE71096123456769",
                buyer_reference=f"job-{index}",
                activity_name="Lumière Studio",
                logo=None,
            )
        )
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    arguments = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    documents = invoices(arguments.documents)
    render_pdf(documents[0])  # fonts loaded once, as in a running service
    started = time.perf_counter()
    size = sum(len(render_ubl(document)) for document in documents)
    ubl_seconds = time.perf_counter() - started
    started = time.perf_counter()
    size_with_pdf = sum(
        len(render_ubl(document, pdf=render_pdf(document))) for document in documents
    )
    pdf_seconds = time.perf_counter() - started
    count = len(documents)
    print(f"{count} invoices on one core")
    print(
        f"UBL alone:  {count / ubl_seconds:8.1f} documents/s  ({size / count / 1024:.1f} KiB each)"
    )
    print(
        f"UBL + PDF:  {count / pdf_seconds:8.1f} documents/s  "
        f"({size_with_pdf / count / 1024:.1f} KiB each, PDF embedded)"
    )


if __name__ == "__main__":
    main()
