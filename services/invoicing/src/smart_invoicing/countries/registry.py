"""The invoicing strategies, by the rule naming them in a pack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smart_common.structured_communication import PAYMENT_REFERENCES
from smart_invoicing.countries.delivery import DELIVERY_POLICIES

STRATEGIES: Mapping[str, Mapping[str, Any]] = {
    "invoice_delivery": DELIVERY_POLICIES,
    "payment_reference": PAYMENT_REFERENCES,
}
