"""What the HTTP routes reach: the service's use cases, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from smart_invoicing.handlers import InvoicingHandlers
from smart_invoicing.quotes import QuoteHandlers


@dataclass(frozen=True, slots=True)
class UseCases:
    invoices: InvoicingHandlers
    quotes: QuoteHandlers
