"""Staff assign a payment from the unmatched queue to the receivable it pays (the debtor wrote
the wrong reference, or none): applied as if it had matched — the saga goes on — and the
statement line it came from says so. Who assigned it, and when, is kept."""

from __future__ import annotations

from smart_collections.adapters.bank_statements import BankStatements
from smart_collections.adapters.repositories import PAYMENTS, Payments, Receivables
from smart_collections.schemas import Assignment, Payment
from smart_collections.use_cases.matching import match
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
from smart_common.problems import Conflict, NotFound, Unprocessable
from smart_common.representation import public_document


class AssignPayment(UseCase):
    raises = (PaymentApplied, PaymentReceived, GuaranteeRecovered)

    def __init__(self, uow: UnitOfWork, clock: Clock):
        self._uow = uow
        self._clock = clock

    async def __call__(
        self, principal: Principal, payment_id: str, assignment: Assignment, key: str
    ) -> tuple[Payment, bool]:
        async def assign(tx: Transaction) -> Payment:
            payment = await tx.collection(PAYMENTS).find_one(
                {"_id": payment_id, "entity": principal.entity}
            )
            if payment is None:
                raise NotFound("no such payment")
            if payment["status"] != "unmatched":
                raise Conflict(f"the payment is {payment['status']} already: not in the queue")
            receivables = Receivables(tx)
            receivable = await receivables.get(assignment.receivable_id)
            if receivable is None or receivable.entity != principal.entity:
                raise Unprocessable("receivable_id: no such receivable in the entity")
            if receivable.currency != payment["currency"]:
                raise Unprocessable(
                    f"receivable_id: the receivable is in {receivable.currency}, the payment "
                    f"in {payment['currency']}"
                )
            now = self._clock.now()
            match(receivable, payment, now)
            payment |= {"assigned_by": principal.subject, "assigned_at": now}
            await receivables.save(receivable)
            await Payments(tx).matched(payment)
            await tx.collection(PAYMENTS).update_one(
                {"_id": payment_id},
                {"$set": {"assigned_by": principal.subject, "assigned_at": now}},
            )
            if payment.get("statement_id"):
                await BankStatements(tx).line_matched(
                    payment_id,
                    receivable.id,
                    "matched" if receivable.settled else "partially_matched",
                )
            payment.pop("unmatched_reason", None)
            payment.pop("proposal", None)
            return Payment.model_validate(public_document(payment, "payment_id"))

        return await run_idempotent_as(
            Payment,
            self._uow,
            scope=f"assignment:{principal.entity}:{payment_id}",
            key=key,
            request_fingerprint=fingerprint(assignment),
            create=assign,
        )
