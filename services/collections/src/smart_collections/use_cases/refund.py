"""Money goes back to whoever sent it: a payment of the unmatched queue nobody owes (a double
payment, a wrong beneficiary), or what a client paid over a receivable's amount. The refund is
a SEPA credit transfer to the debtor's account (pain.001.001.09, no salary purpose) staff hand
to the bank; the payment leaves the queue, the surplus is refunded once. Who asked, when, why
is kept."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from smart_collections.adapters.repositories import PAYMENTS, RECEIVABLES, REFUNDS
from smart_collections.schemas import Refund, RefundIn
from smart_collections.settings import CollectionsSettings
from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.credit_transfer import Batch, Party, PostalAddress, Transfer, render_pain001
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound, Unprocessable
from smart_common.representation import public_document


class RefundClient(UseCase):
    def __init__(self, uow: UnitOfWork, clock: Clock, settings: CollectionsSettings):
        self._uow = uow
        self._clock = clock
        self._settings = settings

    async def of_payment(
        self, principal: Principal, payment_id: str, body: RefundIn, key: str
    ) -> tuple[Refund, bool]:
        async def refund(tx: Transaction) -> Refund:
            payments = tx.collection(PAYMENTS)
            payment = await payments.find_one({"_id": payment_id, "entity": principal.entity})
            if payment is None:
                raise NotFound("no such payment")
            if payment["status"] != "unmatched":
                raise Conflict(f"the payment is {payment['status']}: not in the queue")
            await payments.update_one(
                {"_id": payment_id, "status": "unmatched"}, {"$set": {"status": "refunded"}}
            )
            return await self._record(
                tx, principal, payment, Decimal(payment["amount"]), body, {"payment_id": payment_id}
            )

        return await run_idempotent_as(
            Refund,
            self._uow,
            scope=f"refund:payment:{principal.entity}:{payment_id}",
            key=key,
            request_fingerprint=fingerprint(body),
            create=refund,
        )

    async def of_overpayment(
        self, principal: Principal, receivable_id: str, body: RefundIn, key: str
    ) -> tuple[Refund, bool]:
        async def refund(tx: Transaction) -> Refund:
            receivables = tx.collection(RECEIVABLES)
            receivable = await receivables.find_one(
                {"_id": receivable_id, "entity": principal.entity}
            )
            if receivable is None:
                raise NotFound("no such receivable in the entity")
            surplus = Decimal(receivable.get("overpaid") or "0")
            if surplus <= 0:
                raise Conflict("nothing was paid over the receivable's amount")
            if receivable.get("overpaid_refund_id"):
                raise Conflict("the surplus is refunded already")
            paid = await tx.collection(PAYMENTS).find(
                {"receivable_id": receivable_id, "status": "matched"},
                sort=[("recorded_at", -1)],
                limit=1,
            )
            if not paid:
                raise Conflict("no payment of the receivable to refund to")
            last = paid[0]
            refund_id = str(uuid.uuid4())
            await receivables.update_one(
                {"_id": receivable_id}, {"$set": {"overpaid_refund_id": refund_id}}
            )
            return await self._record(
                tx, principal, last, surplus, body, {"receivable_id": receivable_id}, refund_id
            )

        return await run_idempotent_as(
            Refund,
            self._uow,
            scope=f"refund:receivable:{principal.entity}:{receivable_id}",
            key=key,
            request_fingerprint=fingerprint(body),
            create=refund,
        )

    async def _record(
        self,
        tx: Transaction,
        principal: Principal,
        payment: dict[str, Any],
        amount: Decimal,
        body: RefundIn,
        source: dict[str, str],
        refund_id: str | None = None,
    ) -> Refund:
        iban = payment.get("debtor_iban")
        if not iban:
            raise Unprocessable("the payment names no debtor account (IBAN) to refund to")
        now = self._clock.now()
        refund = {
            "_id": refund_id or str(uuid.uuid4()),
            "entity": principal.entity,
            **source,
            "amount": str(amount),
            "currency": payment["currency"],
            "creditor_name": body.creditor_name or payment.get("debtor_name") or "",
            "creditor_iban": iban,
            "reason": body.reason,
            "execution_date": self._clock.today().isoformat(),
            "requested_by": principal.subject,
            "requested_at": now,
        }
        if not refund["creditor_name"]:
            raise Unprocessable("creditor_name: the payment names no debtor; say who is refunded")
        await tx.collection(REFUNDS).insert_one(refund)
        return Refund.model_validate(public_document(refund, "refund_id"))

    async def credit_transfer(self, principal: Principal, refund_id: str) -> bytes:
        """The refund's pain.001.001.09, for the bank."""
        refund = await self._uow.find_one(REFUNDS, {"_id": refund_id, "entity": principal.entity})
        if refund is None:
            raise NotFound("no such refund")
        settings = self._settings
        debtor = Party(
            settings.cooperative_name,
            PostalAddress(
                settings.cooperative_street,
                settings.cooperative_postal_code,
                settings.cooperative_city,
                settings.cooperative_country,
            ),
        )
        return render_pain001(
            Batch(
                message_id=f"REFUND-{refund_id[:28]}",
                created_at=refund["requested_at"],
                debtor=debtor,
                debtor_iban=settings.collection_account_iban,
                debtor_bic=settings.collection_account_bic,
                currency=refund["currency"],
                transfers=[
                    Transfer(
                        end_to_end_id=refund_id.replace("-", "")[:35],
                        amount=Decimal(refund["amount"]),
                        creditor=Party(refund["creditor_name"], None),
                        iban=refund["creditor_iban"],
                        remittance=f"Refund: {refund['reason']}",
                        execution_date=date.fromisoformat(refund["execution_date"]),
                    )
                ],
                purpose=None,
            )
        )
