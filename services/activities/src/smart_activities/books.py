"""The activity's books take the events that move money: an invoice issued, a payment applied,
a credit note, a payslip. Each is posted once (the movement's id comes from the event), in the
transaction that claims the event; one that came before what it depends on (the job, the
invoice, from another topic) is parked whole and posted when that arrives."""

from __future__ import annotations

from typing import Any

from smart_activities.adapters.repositories import Invoices, Jobs, Movements, Parked
from smart_activities.domain import ledger
from smart_activities.repayments import Repayments
from smart_common.clock import Clock
from smart_common.events.catalog import BY_TYPE
from smart_common.events.collections import PaymentApplied
from smart_common.events.envelope import Envelope, EventData
from smart_common.events.invoicing import CreditNoteIssued, InvoiceIssued
from smart_common.events.payroll import PayslipIssued
from smart_common.persistence import Document, Transaction
from smart_common.rulepacks import RuleBook


class Books:
    def __init__(self, rules: RuleBook, clock: Clock, repayments: Repayments):
        self._rules = rules
        self._clock = clock
        self._repayments = repayments

    async def take(self, data: EventData, envelope: Envelope, tx: Transaction) -> None:
        match data:
            case InvoiceIssued():
                await self._invoice_issued(data, envelope, tx)
            case PaymentApplied():
                await self._payment_applied(data, envelope, tx)
            case CreditNoteIssued():
                await self._credit_note_issued(data, envelope, tx)
            case PayslipIssued():
                await self._payslip_issued(data, envelope, tx)
            case _:
                raise TypeError(f"the books do not take {envelope.type}")

    async def release(self, waits_for: str, tx: Transaction) -> None:
        """Posts the events that waited for ``waits_for`` (a job or an invoice now known)."""
        for parked in await Parked(tx).take(waits_for):
            envelope = Envelope.model_validate(parked["envelope"])
            await self.take(BY_TYPE[envelope.type].model_validate(envelope.data), envelope, tx)

    async def _invoice_issued(
        self, data: InvoiceIssued, envelope: Envelope, tx: Transaction
    ) -> None:
        job = await self._known(tx, Jobs(tx).get(data.job_id), f"job:{data.job_id}", envelope)
        if job is None:
            return
        rate = self._rules.pack(data.entity, data.issue_date).decimal("contribution_rate")
        account = ledger.InvoiceAccount(
            total=ledger.cents(data.total_incl_vat),
            vat=ledger.cents(data.total_vat),
            excl_vat=ledger.cents(data.total_excl_vat),
            contribution_rate=rate,
        )
        await Invoices(tx).open(data.invoice_id, data.number, job, account)
        movement = ledger.invoice_issued(
            data.issue_date, data.number, data.total_excl_vat, data.total_vat, data.total_incl_vat
        )
        await self._post(tx, job, movement, envelope)
        await self.release(f"invoice:{data.invoice_id}", tx)

    async def _payment_applied(
        self, data: PaymentApplied, envelope: Envelope, tx: Transaction
    ) -> None:
        found = await self._known(
            tx, Invoices(tx).get(data.invoice_id), f"invoice:{data.invoice_id}", envelope
        )
        if found is None:
            return
        owner, account = found
        if await self._posted(tx, envelope, ledger.MovementKind.PAYMENT):
            return
        payment, contribution, after = ledger.payment_received(
            account, data.value_date, owner["number"], data.amount
        )
        await self._post(tx, owner, payment, envelope)
        await self._post(tx, owner, contribution, envelope)
        await Invoices(tx).save(data.invoice_id, after)
        await self._repayments.collect(tx, owner["activity_id"], envelope.id)

    async def _credit_note_issued(
        self, data: CreditNoteIssued, envelope: Envelope, tx: Transaction
    ) -> None:
        found = await self._known(
            tx, Invoices(tx).get(data.invoice_id), f"invoice:{data.invoice_id}", envelope
        )
        if found is None:
            return
        owner, account = found
        if await self._posted(tx, envelope, ledger.MovementKind.CREDIT_NOTE):
            return
        movement, after = ledger.credit_note_issued(
            account,
            data.issue_date,
            data.number,
            data.total_excl_vat,
            data.total_vat,
            data.total_incl_vat,
        )
        await self._post(tx, owner, movement, envelope)
        await Invoices(tx).save(data.invoice_id, after)

    async def _payslip_issued(
        self, data: PayslipIssued, envelope: Envelope, tx: Transaction
    ) -> None:
        job = await self._known(tx, Jobs(tx).get(data.job_id), f"job:{data.job_id}", envelope)
        if job is None:
            return
        # an event from before employer_cost travelled: its gross is the nearest figure it has
        cost = data.employer_cost if data.employer_cost is not None else data.gross
        movement = ledger.salary(
            envelope.time.date(), "salary (payslip)", cost, data.expenses_reimbursed
        )
        await self._post(tx, job, movement, envelope)

    async def _known(self, tx: Transaction, lookup: Any, waits_for: str, envelope: Envelope) -> Any:
        found = await lookup
        if found is None:
            await Parked(tx).park(
                {
                    "_id": envelope.id,
                    "time": envelope.time,
                    "envelope": envelope.model_dump(mode="json"),
                },
                waits_for,
            )
        return found

    async def _posted(self, tx: Transaction, envelope: Envelope, kind: ledger.MovementKind) -> bool:
        """A payment or credit note changes its invoice's account: posted once only."""
        return await Movements(tx).exists(_movement_id(envelope, kind))

    async def _post(
        self, tx: Transaction, owner: Document, movement: ledger.Movement, envelope: Envelope
    ) -> None:
        await Movements(tx).post(
            _movement_id(envelope, movement.kind),
            owner,
            movement,
            {"event_type": envelope.type, "event_id": envelope.id, "subject": envelope.subject},
            self._clock.now(),
            at=envelope.time,
        )


def _movement_id(envelope: Envelope, kind: ledger.MovementKind) -> str:
    return f"{envelope.id}:{kind.value}"
