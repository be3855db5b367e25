"""A member asked to be erased: invoicing keeps their invoices and credit notes as long as
accounting law requires (the activity's name and logo on them included), and drops their
activity's name and logo and their quotes' at once."""

from __future__ import annotations

from smart_common.events.invoicing import InvoicingErasureReport
from smart_common.member_data import Holding
from smart_common.member_erasure import Erasable, EraseMemberData
from smart_invoicing.adapters.repositories import ACTIVITIES, CREDIT_NOTES, INVOICES, QUOTES

BRAND = ("activity_name", "logo")

ERASABLES = (
    Erasable(Holding(INVOICES), BRAND, "retention_accounting"),
    Erasable(Holding(CREDIT_NOTES), BRAND, "retention_accounting"),
    Erasable(Holding(QUOTES), (*BRAND, "acceptance_url"), None),
    Erasable(Holding(ACTIVITIES, field="_id"), ("activity.name", "activity.logo"), None),
)


class OnErasureRequested(EraseMemberData):
    consumer = "invoicing-erasure"
    service = "invoicing"
    report = InvoicingErasureReport
    erasables = ERASABLES
