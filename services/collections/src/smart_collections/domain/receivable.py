"""A receivable (pure): what a client owes for an invoice, what came in against it, and the
salary guarantee. It opens when the invoice is sent; payments and credit notes lower what is
due; settled (paid, or cancelled by a full credit note) it is neither reminded nor guaranteed;
unpaid on its guarantee date, the guarantee fund pays the salary: an advance the client's
later payment recovers, or, written off, a loss (its fund movements in ``movements``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from smart_collections.domain.guarantee_fund import Exposure, Movement, MovementKind, movement
from smart_common.bus import Aggregate
from smart_common.events.collections import (
    GuaranteeAdvanced,
    GuaranteeRecovered,
    PaymentApplied,
    PaymentReceived,
    ReceivableAdjusted,
    ReceivableOpened,
    ReceivableWrittenOff,
    SalaryGuaranteed,
)
from smart_common.events.invoicing import InvoiceSent

ZERO = Decimal("0")


class CannotWriteOff(Exception):
    """The receivable has nothing the fund could lose, or is written off already."""


class Receivable(Aggregate):
    def __init__(self, document: dict[str, Any]):
        super().__init__()
        self.document = document
        self.changes: dict[str, Any] = {}
        """What changed since it was loaded (the repository writes only that)."""
        self.movements: list[Movement] = []
        """The guarantee fund's movements since it was loaded (the repository books them)."""

    @classmethod
    def open(
        cls,
        receivable_id: str,
        invoice: InvoiceSent,
        guarantee_date: date,
        traceparent: str | None,
        now: datetime,
    ) -> Receivable:
        receivable = cls(
            {
                "_id": receivable_id,
                "invoice_id": invoice.invoice_id,
                "invoice_number": invoice.number,
                "job_id": invoice.job_id,
                "member_id": invoice.member_id,
                "client_id": invoice.client_id,
                "entity": invoice.entity,
                "amount": str(invoice.total_incl_vat),
                "paid": "0.00",
                "credited": "0.00",
                "currency": invoice.currency,
                "payment_reference": invoice.payment_reference,
                "client_kind": invoice.client_kind,
                "language": invoice.language,
                "due_date": invoice.due_date.isoformat(),
                "guarantee_date": guarantee_date.isoformat(),
                "salary_guaranteed": invoice.salary_guaranteed,
                "status": "open",
                "guaranteed_at": None,
                "settled_at": None,
                "traceparent": traceparent,
                "opened_at": now,
            }
        )
        receivable.raise_event(
            ReceivableOpened(
                receivable_id=receivable_id,
                invoice_id=invoice.invoice_id,
                job_id=invoice.job_id,
                amount=invoice.total_incl_vat,
                currency=invoice.currency,
                due_date=invoice.due_date,
                guarantee_date=guarantee_date,
            )
        )
        return receivable

    # --- the envelope of its events ---------------------------------------------------
    @property
    def id(self) -> str:
        return str(self.document["_id"])

    @property
    def subject(self) -> str:
        return self.id

    @property
    def entity(self) -> str:
        return str(self.document["entity"])

    @property
    def correlation_id(self) -> str:
        return str(self.document["job_id"])

    @property
    def traceparent(self) -> str | None:
        return self.document.get("traceparent")

    # --- its state ----------------------------------------------------------------------
    @property
    def currency(self) -> str:
        return str(self.document["currency"])

    @property
    def settled(self) -> bool:
        return self.document["settled_at"] is not None

    def _amount(self, field: str) -> Decimal:
        return Decimal(self.document.get(field, "0"))

    @property
    def exposure(self) -> Exposure:
        return Exposure(
            self._amount("fund_advanced"),
            self._amount("fund_recovered"),
            self._amount("written_off"),
        )

    def _change(self, **changes: Any) -> None:
        self.document.update(changes)
        self.changes.update(changes)

    # --- what happens to it -------------------------------------------------------------
    def apply_payment(
        self, payment_id: str, amount: Decimal, value_date: date, now: datetime
    ) -> None:
        """A payment for it came in; settling it raises ``payment received`` (the salary
        follows), more than due is kept as ``overpaid``; guaranteed, it gives the fund back
        its advance (a loss written off comes back first)."""
        paid = self._amount("paid") + amount
        due = self._amount("amount") - self._amount("credited")
        settles = paid >= due and not self.settled
        changes: dict[str, Any] = {"paid": str(paid)}
        exposure = self.exposure
        fund = exposure.on_payment(amount, self.currency, now)
        reversed_ = sum((m.amount for m in fund if m.kind is MovementKind.LOSS_REVERSED), ZERO)
        recovered = sum((m.amount for m in fund if m.kind is MovementKind.RECOVERED), ZERO)
        written_off = exposure.written_off - reversed_
        if fund:
            changes |= {
                "fund_recovered": str(exposure.recovered + recovered),
                "written_off": str(written_off),
            }
        if settles:
            changes |= {"status": "paid", "settled_at": now}
            if paid > due:
                changes["overpaid"] = str(paid - due)
        elif not self.settled and written_off == ZERO:
            changes["status"] = "partially_paid"
        self._change(**changes)
        self.movements += fund
        self.raise_event(
            PaymentApplied(
                receivable_id=self.id,
                invoice_id=self.document["invoice_id"],
                job_id=self.document["job_id"],
                payment_id=payment_id,
                amount=amount,
                paid=paid,
                currency=self.currency,
                value_date=value_date,
            )
        )
        if fund:
            self.raise_event(
                GuaranteeRecovered(
                    receivable_id=self.id,
                    invoice_id=self.document["invoice_id"],
                    job_id=self.document["job_id"],
                    payment_id=payment_id,
                    amount=recovered,
                    loss_reversed=reversed_,
                    exposure=self.exposure.open,
                    currency=self.currency,
                )
            )
        if settles:
            self.raise_event(
                PaymentReceived(
                    receivable_id=self.id,
                    invoice_id=self.document["invoice_id"],
                    job_id=self.document["job_id"],
                    payment_id=payment_id,
                    amount=paid,
                    currency=self.currency,
                    value_date=value_date,
                )
            )

    def apply_credit(
        self, credit_note_id: str, amount: Decimal, fully_credited: bool, now: datetime
    ) -> None:
        """A credit note lowers what is due; a full one cancels an unsettled receivable (no
        reminder, no guarantee)."""
        credited = self._amount("credited") + amount
        due = self._amount("amount") - credited - self._amount("paid")
        cancels = fully_credited and not self.settled
        changes: dict[str, Any] = {"credited": str(credited)}
        if cancels:
            changes |= {"status": "cancelled", "settled_at": now}
        self._change(**changes)
        self.raise_event(
            ReceivableAdjusted(
                receivable_id=self.id,
                invoice_id=self.document["invoice_id"],
                job_id=self.document["job_id"],
                credit_note_id=credit_note_id,
                amount_due=max(due, ZERO),
                currency=self.currency,
                cancelled=cancels,
            )
        )

    def guarantee(self, now: datetime) -> bool:
        """The guarantee fund pays the salary, advancing what the client still owes; False
        when it is settled or guaranteed, or when no salary hangs on it (a budget-mode job)."""
        if self.settled or self.document["guaranteed_at"] is not None:
            return False
        if not self.document.get("salary_guaranteed", True):
            return False
        owed = self._amount("amount") - self._amount("credited") - self._amount("paid")
        self._change(
            guaranteed_at=now,
            status="guaranteed",
            fund_advanced=str(owed),
            fund_recovered="0.00",
            written_off="0.00",
        )
        if owed > ZERO:
            self.movements.append(movement(MovementKind.ADVANCED, owed, self.currency, now))
            self.raise_event(
                GuaranteeAdvanced(
                    receivable_id=self.id,
                    invoice_id=self.document["invoice_id"],
                    job_id=self.document["job_id"],
                    amount=owed,
                    currency=self.currency,
                )
            )
        self.raise_event(
            SalaryGuaranteed(
                receivable_id=self.id,
                invoice_id=self.document["invoice_id"],
                job_id=self.document["job_id"],
                guarantee_date=date.fromisoformat(self.document["guarantee_date"]),
                amount=self.document["amount"],
                currency=self.currency,
            )
        )
        return True

    def write_off(
        self, write_off_id: str, proposed_by: str, approved_by: str, now: datetime
    ) -> Decimal:
        """Nobody will pay: what the fund advanced and did not get back becomes a loss."""
        if self.document.get("guaranteed_at") is None:
            raise CannotWriteOff(
                "the receivable is not guaranteed: the guarantee fund advanced nothing on it"
            )
        exposure = self.exposure
        if exposure.written_off > ZERO:
            raise CannotWriteOff("the receivable is written off already")
        if exposure.open <= ZERO:
            raise CannotWriteOff("the fund got its advance back: nothing to write off")
        self._change(written_off=str(exposure.open), status="written_off", written_off_at=now)
        self.movements.append(movement(MovementKind.WRITTEN_OFF, exposure.open, self.currency, now))
        self.raise_event(
            ReceivableWrittenOff(
                receivable_id=self.id,
                invoice_id=self.document["invoice_id"],
                job_id=self.document["job_id"],
                write_off_id=write_off_id,
                amount=exposure.open,
                currency=self.currency,
                proposed_by=proposed_by,
                approved_by=approved_by,
            )
        )
        return exposure.open
