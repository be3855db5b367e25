"""A job's invoice, issued when its contract is generated (or at once for a budget-mode job)."""

from __future__ import annotations

import uuid

from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import InvoiceIssued
from smart_common.events.members import JobSnapshot
from smart_common.numbering import next_number
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import Invoices, JobGates
from smart_invoicing.composition import DocumentComposer, Work
from smart_invoicing.countries.delivery import delivery_policy
from smart_invoicing.domain.document import to_stored


class JobInvoices:
    """Issues a job's invoice: numbered without gaps, composed under the rules of the day,
    delivered once the worker is declared (at once for a budget-mode job: no declaration)."""

    raises = (InvoiceIssued,)

    def __init__(self, composer: DocumentComposer, seller_country: str, clock: Clock):
        self._composer = composer
        self._seller_country = seller_country
        self._clock = clock

    async def issue(
        self, tx: Transaction, job: JobSnapshot, contract_id: str | None, envelope: Envelope
    ) -> None:
        budget = job.activity_mode == "budget"
        invoices, gates = Invoices(tx), JobGates(tx)
        if await invoices.exists_for_job(job.job_id) or await gates.is_cancelled(job.job_id):
            return
        cleared = budget or await gates.is_cleared(job.job_id)
        issue_date = self._clock.today()
        series = f"{job.entity}-{issue_date.year}"
        sequence = await next_number(tx, series)
        number = f"{job.entity}{issue_date.year}-{sequence:06d}"
        base = (issue_date.year % 100) * 10**8 + sequence
        document, pack = self._composer.invoice(
            job.entity, job.client, _work_of(job), job.activity, issue_date, number, base
        )
        reference = document.payment_reference
        stored = to_stored(document)
        logo = stored.pop("logo")
        invoice_id = str(uuid.uuid4())
        await invoices.add(
            {
                "_id": invoice_id,
                "number": number,
                "series": series,
                "job_id": job.job_id,
                "contract_id": contract_id,
                "salary_guaranteed": not budget,
                "member_id": job.member_id,
                "entity": job.entity,
                "client_id": job.client.client_id,
                "issue_date": document.issue_date.isoformat(),
                "due_date": document.due_date.isoformat() if document.due_date else None,
                "job_end_date": job.end_date.isoformat(),
                "currency": document.currency,
                "total_excl_vat": str(document.total_excl_vat),
                "total_vat": str(document.total_vat),
                "total_incl_vat": str(document.total_incl_vat),
                "credited_excl_vat": "0.00",
                "payment_reference": reference,
                "language": document.language,
                "status": "issued",
                "document": stored,
                "logo": logo,
                "delivery": {
                    "channel": delivery_policy(pack).channel(
                        job.client.kind, job.client.address.country, self._seller_country
                    ),
                    "status": "pending" if cleared else "awaiting_hiring_declaration",
                    "attempts": 0,
                    "next_attempt_at": self._clock.now(),
                },
                "rule_pack": pack.version,
                "traceparent": envelope.traceparent,
                "created_at": self._clock.now(),
            }
        )
        await tx.record_event(
            InvoiceIssued(
                invoice_id=invoice_id,
                number=number,
                job_id=job.job_id,
                member_id=job.member_id,
                client_id=job.client.client_id,
                entity=job.entity,
                issue_date=document.issue_date,
                due_date=document.due_date or document.issue_date,
                total_excl_vat=document.total_excl_vat,
                total_vat=document.total_vat,
                total_incl_vat=document.total_incl_vat,
                currency=document.currency,
                payment_reference=reference,
            ),
            subject=invoice_id,
            entity=job.entity,
            correlation_id=envelope.correlation_id,
        )


def _work_of(job: JobSnapshot) -> Work:
    """The job as invoicing sells it (members' job translated here, at the consumer)."""
    return Work(
        description=job.description,
        worked_days=job.worked_days,
        start_date=job.start_date,
        end_date=job.end_date,
        amount_excl_vat=job.amount_excl_vat,
        currency=job.currency,
        service_nature=job.service_nature,
        place_country=job.place_country,
        buyer_reference=job.buyer_reference or job.job_id,
    )
