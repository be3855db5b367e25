"""Staff record a payment by hand (cash, a cheque, a bank line outside a statement): matched to
its receivable by its structured communication, or left unmatched with the reason."""

from __future__ import annotations

import uuid
from typing import Any

from smart_collections.schemas import Payment, PaymentIn
from smart_collections.use_cases.matching import book
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.collections import (
    GuaranteeRecovered,
    PaymentApplied,
    PaymentReceived,
)
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.representation import public_document
from smart_common.structured_communication import normalise


class RecordPayment(UseCase):
    raises = (PaymentApplied, PaymentReceived, GuaranteeRecovered)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, payment: PaymentIn, idempotency_key: str
    ) -> tuple[Payment, bool]:
        reference = normalise(payment.reference)

        async def create(tx: Transaction) -> Payment:
            now = self._clock.now()
            document: dict[str, Any] = {
                "_id": str(uuid.uuid4()),
                "entity": principal.entity,
                "amount": str(payment.amount),
                "currency": payment.currency,
                "reference": payment.reference,
                "value_date": payment.value_date.isoformat(),
                "debtor_name": payment.debtor_name,
                "debtor_iban": (
                    payment.debtor_iban.replace(" ", "").upper() if payment.debtor_iban else None
                ),
                "recorded_by": principal.subject,
                "recorded_at": now,
                "status": "unmatched",
                "normalised_reference": reference,
                "receivable_id": None,
            }
            await book(tx, document, now)
            return Payment.model_validate(public_document(document, "payment_id"))

        return await run_idempotent_as(
            Payment,
            self._uow,
            scope=f"payment:{principal.entity}",
            key=idempotency_key,
            request_fingerprint=fingerprint(payment),
            create=create,
        )
