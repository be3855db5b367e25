"""An invoice reached its client: its receivable opens, with its due date and the day the
guarantee fund pays the salary if it is still unpaid; payments and credit notes that came
before it are applied now."""

from __future__ import annotations

import uuid
from decimal import Decimal

from smart_collections.adapters.repositories import Credits, Payments, Receivables
from smart_collections.domain.guarantee import guarantee_date
from smart_collections.domain.receivable import Receivable
from smart_collections.use_cases.matching import match
from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.collections import (
    PaymentReceived,
    ReceivableAdjusted,
    ReceivableOpened,
)
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import InvoiceSent
from smart_common.persistence import Transaction
from smart_common.rulepacks import RuleBook


class OnInvoiceSent(EventReaction):
    consumer = "collections-receivables"
    handles = (InvoiceSent,)
    raises = (ReceivableOpened, PaymentReceived, ReceivableAdjusted)

    def __init__(self, rules: RuleBook, clock: Clock):
        self._rules = rules
        self._clock = clock

    async def handle(self, data: InvoiceSent, envelope: Envelope, tx: Transaction) -> None:
        receivables = Receivables(tx)
        if await receivables.exists_for_invoice(data.invoice_id):
            return
        pack = self._rules.pack(data.entity, data.job_end_date)
        guarantee = guarantee_date(data.job_end_date, pack.value("salary_guarantee"))
        now = self._clock.now()
        receivable = Receivable.open(str(uuid.uuid4()), data, guarantee, envelope.traceparent, now)
        await receivables.add(receivable)
        payments = Payments(tx)
        for payment in await payments.waiting_for(
            data.payment_reference, data.entity, data.currency
        ):
            match(receivable, payment, now)
            await payments.matched(payment)
        credits = Credits(tx)
        for credit in await credits.pending_for(data.invoice_id):
            receivable.apply_credit(
                credit["_id"], Decimal(credit["amount"]), credit["fully_credited"], now
            )
            await credits.applied(credit["_id"])
        await receivables.save(receivable)
