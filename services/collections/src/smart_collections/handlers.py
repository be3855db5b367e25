"""Use cases of the collections service: receivables, payments, the salary guarantee."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field

from smart_collections.adapters.repositories import CREDITS, PAYMENTS, RECEIVABLES
from smart_collections.domain.guarantee import guarantee_date
from smart_common.access import find_visible, visible_scope
from smart_common.auth import Principal
from smart_common.clock import Clock
from smart_common.events.collections import (
    PaymentReceived,
    ReceivableAdjusted,
    ReceivableOpened,
    SalaryGuaranteed,
)
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import CreditNoteIssued, InvoiceSent
from smart_common.idempotency import fingerprint, run_idempotent
from smart_common.money import CentAmount, Currency
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import NotFound
from smart_common.representation import public_document
from smart_common.rulepacks import RuleBook
from smart_common.structured_communication import normalise
from smart_common.text import InputModel


class PaymentIn(InputModel):
    amount: CentAmount = Field(gt=Decimal("0"))
    currency: Currency
    reference: str = Field(min_length=1, max_length=140, description="Structured communication")
    value_date: date
    debtor_name: str | None = Field(default=None, max_length=140)
    debtor_iban: str | None = Field(default=None, max_length=42)
    bank_reference: str | None = Field(
        default=None,
        min_length=1,
        max_length=35,
        description="The bank's reference of the transaction (camt AcctSvcrRef): recording "
        "the same bank line twice records it once; required without an Idempotency-Key",
    )


class CollectionsHandlers:
    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._clock = clock
        self._uow = uow
        self._rules = rules

    async def on_invoice_sent(self, data: InvoiceSent, envelope: Envelope, tx: Transaction) -> None:
        if await tx.collection(RECEIVABLES).find_one(
            {"invoice_id": data.invoice_id}, projection={"_id": 1}
        ):
            return
        pack = self._rules.pack(data.entity, data.job_end_date)
        guarantee = guarantee_date(data.job_end_date, pack.value("salary_guarantee"))
        receivable_id = str(uuid.uuid4())
        await tx.collection(RECEIVABLES).insert_one(
            {
                "_id": receivable_id,
                "invoice_id": data.invoice_id,
                "invoice_number": data.number,
                "job_id": data.job_id,
                "member_id": data.member_id,
                "client_id": data.client_id,
                "entity": data.entity,
                "amount": str(data.total_incl_vat),
                "paid": "0.00",
                "credited": "0.00",
                "currency": data.currency,
                "payment_reference": data.payment_reference,
                "due_date": data.due_date.isoformat(),
                "guarantee_date": guarantee.isoformat(),
                "status": "open",
                "guaranteed_at": None,
                "settled_at": None,
                "traceparent": envelope.traceparent,
                "opened_at": self._clock.now(),
            }
        )
        await tx.record_event(
            ReceivableOpened(
                receivable_id=receivable_id,
                invoice_id=data.invoice_id,
                job_id=data.job_id,
                amount=data.total_incl_vat,
                currency=data.currency,
                due_date=data.due_date,
                guarantee_date=guarantee,
            ),
            subject=receivable_id,
            entity=data.entity,
            correlation_id=envelope.correlation_id,
        )
        await self._match_waiting_payments(tx, receivable_id, data)
        for credit in await tx.collection(CREDITS).find(
            {"invoice_id": data.invoice_id, "applied": False}
        ):
            await self._apply_credit(tx, credit)

    async def on_credit_note_issued(
        self, data: CreditNoteIssued, envelope: Envelope, tx: Transaction
    ) -> None:
        """A credit note lowers what the client owes; a fully credited invoice is cancelled
        (no reminder, no guarantee). Kept until the receivable exists when it comes first."""
        if await tx.collection(CREDITS).find_one({"_id": data.credit_note_id}):
            return
        credit = {
            "_id": data.credit_note_id,
            "invoice_id": data.invoice_id,
            "job_id": data.job_id,
            "amount": str(data.total_incl_vat),
            "fully_credited": data.fully_credited,
            "applied": False,
            "received_at": self._clock.now(),
        }
        await tx.collection(CREDITS).insert_one(credit)
        await self._apply_credit(tx, credit)

    async def _apply_credit(self, tx: Transaction, credit: dict[str, Any]) -> None:
        receivable = await tx.collection(RECEIVABLES).find_one({"invoice_id": credit["invoice_id"]})
        if receivable is None:
            return
        credited = Decimal(receivable.get("credited", "0")) + Decimal(credit["amount"])
        due = Decimal(receivable["amount"]) - credited - Decimal(receivable["paid"])
        update: dict[str, Any] = {"credited": str(credited)}
        cancelled = credit["fully_credited"] and receivable["settled_at"] is None
        if cancelled:
            update |= {"status": "cancelled", "settled_at": self._clock.now()}
        await tx.collection(RECEIVABLES).update_one({"_id": receivable["_id"]}, {"$set": update})
        await tx.collection(CREDITS).update_one({"_id": credit["_id"]}, {"$set": {"applied": True}})
        await tx.record_event(
            ReceivableAdjusted(
                receivable_id=receivable["_id"],
                invoice_id=receivable["invoice_id"],
                job_id=receivable["job_id"],
                credit_note_id=credit["_id"],
                amount_due=max(due, Decimal("0")),
                currency=receivable["currency"],
                cancelled=cancelled,
            ),
            subject=receivable["_id"],
            entity=receivable["entity"],
            correlation_id=receivable["job_id"],
            traceparent=receivable.get("traceparent"),
        )

    async def _match_waiting_payments(
        self, tx: Transaction, receivable_id: str, data: InvoiceSent
    ) -> None:
        """Payments that arrived before their receivable was opened are matched now."""
        waiting = await tx.collection(PAYMENTS).find(
            {
                "status": "unmatched",
                "normalised_reference": data.payment_reference,
                "entity": data.entity,
                "currency": data.currency,
            },
            sort=[("recorded_at", 1)],
        )
        for payment in waiting:
            receivable = await tx.collection(RECEIVABLES).find_one({"_id": receivable_id})
            assert receivable is not None
            await self._apply(tx, receivable, payment)
            await tx.collection(PAYMENTS).update_one(
                {"_id": payment["_id"]},
                {
                    "$set": {
                        key: payment[key]
                        for key in ("status", "receivable_id", "invoice_id", "job_id")
                    },
                    "$unset": {"unmatched_reason": ""},
                },
            )

    async def record_payment(
        self, principal: Principal, payment: PaymentIn, idempotency_key: str | None
    ) -> tuple[dict[str, Any], bool]:
        reference = normalise(payment.reference)

        async def create(tx: Transaction) -> dict[str, Any]:
            payment_id = str(uuid.uuid4())
            document: dict[str, Any] = {
                "_id": payment_id,
                "entity": principal.entity,
                "amount": str(payment.amount),
                "currency": payment.currency,
                "reference": payment.reference,
                "value_date": payment.value_date.isoformat(),
                "debtor_name": payment.debtor_name,
                "recorded_by": principal.subject,
                "recorded_at": self._clock.now(),
                "status": "unmatched",
                "normalised_reference": reference,
                "receivable_id": None,
            }
            receivable = None
            if reference is not None:
                receivable = await tx.collection(RECEIVABLES).find_one(
                    {"payment_reference": reference, "entity": principal.entity}
                )
            if receivable is None:
                document["unmatched_reason"] = (
                    "not a valid structured communication"
                    if reference is None
                    else "no receivable carries this structured communication"
                )
            elif receivable["currency"] != payment.currency:
                document["unmatched_reason"] = f"the receivable is in {receivable['currency']}"
            else:
                await self._apply(tx, receivable, document)
            await tx.collection(PAYMENTS).insert_one(document)
            return public_document(document, "payment_id")

        return await run_idempotent(
            self._uow,
            scope=f"payment:{principal.entity}",
            key=idempotency_key,
            request_fingerprint=fingerprint(payment),
            create=create,
        )

    async def _apply(
        self,
        tx: Transaction,
        receivable: dict[str, Any],
        document: dict[str, Any],
    ) -> None:
        """Apply a payment to its receivable; settling it raises ``payment received``."""
        paid = Decimal(receivable["paid"]) + Decimal(document["amount"])
        amount = Decimal(receivable["amount"]) - Decimal(receivable.get("credited", "0"))
        settled = paid >= amount and receivable["settled_at"] is None
        update: dict[str, Any] = {"paid": str(paid)}
        if settled:
            update |= {"status": "paid", "settled_at": self._clock.now()}
            if paid > amount:
                update["overpaid"] = str(paid - amount)
        elif receivable["settled_at"] is None:
            update["status"] = "partially_paid"
        await tx.collection(RECEIVABLES).update_one({"_id": receivable["_id"]}, {"$set": update})
        document |= {
            "status": "matched",
            "receivable_id": receivable["_id"],
            "invoice_id": receivable["invoice_id"],
            "job_id": receivable["job_id"],
        }
        if settled:
            await tx.record_event(
                PaymentReceived(
                    receivable_id=receivable["_id"],
                    invoice_id=receivable["invoice_id"],
                    job_id=receivable["job_id"],
                    payment_id=document["_id"],
                    amount=paid,
                    currency=receivable["currency"],
                    value_date=date.fromisoformat(document["value_date"]),
                ),
                subject=receivable["_id"],
                entity=receivable["entity"],
                correlation_id=receivable["job_id"],
                traceparent=receivable.get("traceparent"),
            )

    def today(self) -> date:
        return self._clock.today()

    async def run_guarantee(self, as_of: date | None = None) -> list[str]:
        """Guarantee the salary of every job whose invoice is unpaid on its guarantee date."""
        as_of = as_of or self.today()
        due = await self._uow.find(
            RECEIVABLES,
            {
                "status": {"$in": ["open", "partially_paid"]},
                "guaranteed_at": None,
                "guarantee_date": {"$lte": as_of.isoformat()},
            },
        )
        guaranteed: list[str] = []
        for receivable in due:

            async def guarantee(tx: Transaction, receivable: dict[str, Any] = receivable) -> bool:
                return await self._guarantee(tx, receivable)

            if await self._uow.run(guarantee):
                guaranteed.append(receivable["_id"])
        return guaranteed

    async def _guarantee(self, tx: Transaction, receivable: dict[str, Any]) -> bool:
        changed = await tx.collection(RECEIVABLES).update_one(
            {"_id": receivable["_id"], "guaranteed_at": None, "settled_at": None},
            {"$set": {"guaranteed_at": self._clock.now(), "status": "guaranteed"}},
        )
        if not changed:
            return False
        await tx.record_event(
            SalaryGuaranteed(
                receivable_id=receivable["_id"],
                invoice_id=receivable["invoice_id"],
                job_id=receivable["job_id"],
                guarantee_date=date.fromisoformat(receivable["guarantee_date"]),
                amount=receivable["amount"],
                currency=receivable["currency"],
            ),
            subject=receivable["_id"],
            entity=receivable["entity"],
            correlation_id=receivable["job_id"],
            traceparent=receivable.get("traceparent"),
        )
        return True

    async def receivable(self, principal: Principal, receivable_id: str) -> dict[str, Any]:
        receivable = await find_visible(
            self._uow, RECEIVABLES, {"_id": receivable_id}, principal, "receivable"
        )
        return public_document(receivable, "receivable_id")

    async def receivables(
        self, principal: Principal, job_id: str | None, invoice_id: str | None
    ) -> list[dict[str, Any]]:
        query = visible_scope(principal)
        if job_id:
            query["job_id"] = job_id
        if invoice_id:
            query["invoice_id"] = invoice_id
        found = await self._uow.find(RECEIVABLES, query, sort=[("opened_at", -1)], limit=200)
        return [public_document(receivable, "receivable_id") for receivable in found]

    async def payment(self, principal: Principal, payment_id: str) -> dict[str, Any]:
        payment = await self._uow.find_one(
            PAYMENTS, {"_id": payment_id, "entity": principal.entity}
        )
        if payment is None:
            raise NotFound("no such payment")
        return public_document(payment, "payment_id")
