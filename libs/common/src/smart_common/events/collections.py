"""Events published by the collections service."""

from __future__ import annotations

from datetime import date

from smart_common.events.data_export import DataExportChunk
from smart_common.events.envelope import EventData
from smart_common.events.erasure import ErasureReport
from smart_common.money import Amount


class ReceivableOpened(EventData):
    event_type = "coop.smart.collections.receivable.opened.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    amount: Amount
    currency: str
    due_date: date
    guarantee_date: date


class PaymentApplied(EventData):
    """A payment went to the receivable, settling it or not: ``paid`` is all paid so far."""

    event_type = "coop.smart.collections.payment.applied.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    payment_id: str
    amount: Amount
    paid: Amount
    currency: str
    value_date: date


class PaymentReceived(EventData):
    """The receivable is settled by the client's payment(s)."""

    event_type = "coop.smart.collections.payment.received.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    payment_id: str
    amount: Amount
    currency: str
    value_date: date


class SalaryGuaranteed(EventData):
    """The guarantee fund pays the salary: the invoice was still unpaid on the guarantee date."""

    event_type = "coop.smart.collections.salary.guaranteed.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    guarantee_date: date
    amount: Amount
    currency: str


class GuaranteeAdvanced(EventData):
    """The guarantee fund advanced what the client still owed on the receivable (the salary
    is paid from it): the fund's exposure on it is ``amount``."""

    event_type = "coop.smart.collections.guarantee.advanced.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    amount: Amount
    currency: str


class GuaranteeRecovered(EventData):
    """A client payment on a guaranteed receivable gave the fund back ``amount``; when the
    receivable had been written off, ``loss_reversed`` of the loss came back first.
    ``exposure`` is what the fund still stands to lose on it."""

    event_type = "coop.smart.collections.guarantee.recovered.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    payment_id: str
    amount: Amount
    loss_reversed: Amount
    exposure: Amount
    currency: str


class ReceivableWrittenOff(EventData):
    """Staff proposed and an administrator approved (four eyes): nobody will pay the
    receivable, the fund's advance on it becomes a loss of ``amount``."""

    event_type = "coop.smart.collections.receivable.written_off.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    write_off_id: str
    amount: Amount
    currency: str
    proposed_by: str
    approved_by: str


class ReminderIssued(EventData):
    """The reminder run issued reminder ``number`` (step ``step`` of the entity's schedule) for
    an unpaid invoice, with what the client owes on ``as_of``; it goes to the client by the
    invoice's channel, asking to pay by ``pay_by`` (absent from reminders issued before it was
    added: pay on receipt). ``interest_complete`` is False when a period's rate is not
    configured (the letter says the interest is not claimed for it)."""

    event_type = "coop.smart.collections.reminder.issued.v1"
    stream = "collections.receivable"
    reminder_id: str
    number: str
    receivable_id: str
    invoice_id: str
    job_id: str
    step: str
    as_of: date
    pay_by: date | None = None
    principal: Amount
    interest: Amount
    compensation: Amount
    total: Amount
    currency: str
    interest_complete: bool
    language: str | None


class CollectionCaseOpened(EventData):
    """The schedule's last step passed unpaid: a case opens for the collections team."""

    event_type = "coop.smart.collections.collection_case.opened.v1"
    stream = "collections.receivable"
    case_id: str
    receivable_id: str
    invoice_id: str
    job_id: str
    amount_due: Amount
    currency: str


class ReceivableAdjusted(EventData):
    """A credit note reduced what the client owes; ``cancelled`` when nothing is left."""

    event_type = "coop.smart.collections.receivable.adjusted.v1"
    stream = "collections.receivable"
    receivable_id: str
    invoice_id: str
    job_id: str
    credit_note_id: str
    amount_due: Amount
    currency: str
    cancelled: bool


class CollectionsDataExportPart(DataExportChunk):
    event_type = "coop.smart.collections.data_export.part.v1"
    stream = "collections.data_export"


class CollectionsErasureReport(ErasureReport):
    event_type = "coop.smart.collections.erasure.reported.v1"
    stream = "collections.erasure"
