"""What the HTTP routes reach: the service's use cases, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from smart_payroll.handlers import PayrollHandlers
from smart_payroll.long_contracts import LongContracts
from smart_payroll.payment_batches import PaymentBatches


@dataclass(frozen=True, slots=True)
class UseCases:
    payroll: PayrollHandlers
    batches: PaymentBatches
    long_contracts: LongContracts
