"""A member asked to be erased: collections' receivables, payments and credits name the member
by id only; they are kept as long as accounting law requires, and reported as kept."""

from __future__ import annotations

from smart_collections.adapters.repositories import CREDITS, PAYMENTS, RECEIVABLES
from smart_common.events.collections import CollectionsErasureReport
from smart_common.member_data import Holding
from smart_common.member_erasure import Erasable, EraseMemberData

ERASABLES = (
    Erasable(Holding(RECEIVABLES), (), "retention_accounting"),
    Erasable(
        Holding(PAYMENTS, field="invoice_id", through=(RECEIVABLES, "invoice_id")),
        (),
        "retention_accounting",
    ),
    Erasable(
        Holding(CREDITS, field="invoice_id", through=(RECEIVABLES, "invoice_id")),
        (),
        "retention_accounting",
    ),
)


class OnErasureRequested(EraseMemberData):
    consumer = "collections-erasure"
    service = "collections"
    report = CollectionsErasureReport
    erasables = ERASABLES
