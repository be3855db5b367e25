"""What the client paid and whether the job's salary is paid or guaranteed, as collections
tells it: the guard-rails of a member's credit note are checked against it."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.collections import PaymentApplied, PaymentReceived, SalaryGuaranteed
from smart_common.events.envelope import Envelope
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import Invoices


class OnSettlement(EventReaction):
    consumer = "invoicing-settlement"
    handles = (PaymentApplied, PaymentReceived, SalaryGuaranteed)

    async def handle(
        self,
        data: PaymentApplied | PaymentReceived | SalaryGuaranteed,
        envelope: Envelope,
        tx: Transaction,
    ) -> None:
        invoices = Invoices(tx)
        match data:
            case PaymentApplied():
                known = await invoices.record_paid(data.invoice_id, data.paid)
            case PaymentReceived():  # settled: the salary follows
                known = await invoices.record_salary(data.invoice_id, "paid")
            case SalaryGuaranteed():
                known = await invoices.record_salary(data.invoice_id, "guaranteed")
        if not known:
            raise LookupError(f"invoice {data.invoice_id} not found for {envelope.type}")
