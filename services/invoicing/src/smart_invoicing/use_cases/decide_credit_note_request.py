"""A counsellor or an administrator of the entity decides on a member's credit-note request:
approved, the credit note is issued (as staff would issue it); rejected, nothing is."""

from __future__ import annotations

from decimal import Decimal

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.invoicing import CreditNoteIssued
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, Forbidden, NotFound, Unprocessable
from smart_invoicing.adapters.repositories import CreditNoteRequests, Invoices
from smart_invoicing.domain.content import InvalidDocument
from smart_invoicing.schemas import CreditNoteRequest
from smart_invoicing.use_cases.crediting import Crediting


class DecideCreditNoteRequest(UseCase):
    raises = (CreditNoteIssued,)

    def __init__(self, uow: UnitOfWork, crediting: Crediting, clock: Clock):
        self._uow = uow
        self._crediting = crediting
        self._clock = clock

    async def __call__(
        self, principal: Principal, request_id: str, approve: bool, reason: str
    ) -> CreditNoteRequest:
        if not principal.is_staff:
            raise Forbidden("a counsellor or an administrator decides on credit-note requests")

        async def decide(tx: Transaction) -> CreditNoteRequest:
            requests = CreditNoteRequests(tx)
            request = await requests.get(request_id)
            if request is None or request["entity"] != principal.entity:
                raise NotFound("no such credit-note request you may decide on")
            wanted = "approved" if approve else "rejected"
            if request["status"] == wanted:  # the same decision again (a retried call)
                return CreditNoteRequest.of(request)
            if request["status"] != "pending":
                raise Conflict(f"this request was already {request['status']}")
            decision = {
                "status": wanted,
                "decided_by": principal.subject,
                "decided_at": self._clock.now(),
                "decision_reason": reason,
            }
            if approve:
                invoice = await Invoices(tx).get(request["invoice_id"])
                assert invoice is not None
                amount = request["amount_excl_vat"]
                try:
                    note = await self._crediting.credit(
                        tx,
                        invoice,
                        None if amount is None else Decimal(amount),
                        request["reason"],
                        invoice["job_id"],
                    )
                except InvalidDocument as error:
                    raise Unprocessable(str(error)) from error
                decision["credit_note_id"] = note.credit_note_id
            if not await requests.decide(request_id, decision):
                raise Conflict("this request was decided meanwhile")
            return CreditNoteRequest.of(request | decision)

        return await self._uow.run(decide)
