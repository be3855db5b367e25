"""Everything the invoicing service does, registered once: what it publishes and consumes (its
topics, its AsyncAPI document) is derived from here."""

from __future__ import annotations

from dataclasses import dataclass

from smart_common.bus import Catalogue
from smart_invoicing.queries import InvoicingQueries
from smart_invoicing.reactions.on_activity_updated import OnActivityUpdated
from smart_invoicing.reactions.on_client_registered import OnClientRegistered
from smart_invoicing.reactions.on_contract_generated import OnContractGenerated
from smart_invoicing.reactions.on_data_export_requested import OnDataExportRequested
from smart_invoicing.reactions.on_erasure_requested import OnErasureRequested
from smart_invoicing.reactions.on_hiring_accepted import OnHiringAccepted
from smart_invoicing.reactions.on_job_cancelled import OnJobCancelled
from smart_invoicing.reactions.on_job_declared import OnJobDeclared
from smart_invoicing.reactions.on_reminder_issued import OnReminderIssued
from smart_invoicing.reactions.on_settlement import OnSettlement
from smart_invoicing.use_cases.accept_quote import AcceptQuote
from smart_invoicing.use_cases.confirm_quote import ConfirmQuote
from smart_invoicing.use_cases.decide_credit_note_request import DecideCreditNoteRequest
from smart_invoicing.use_cases.deliver_documents import DeliverDocuments
from smart_invoicing.use_cases.issue_credit_note import IssueCreditNote
from smart_invoicing.use_cases.prepare_quote import PrepareQuote
from smart_invoicing.use_cases.send_quote import SendQuote

CATALOGUE = Catalogue(
    use_cases=(
        DeliverDocuments,
        IssueCreditNote,
        DecideCreditNoteRequest,
        PrepareQuote,
        SendQuote,
        AcceptQuote,
        ConfirmQuote,
    ),
    reactions=(
        OnContractGenerated,
        OnJobDeclared,
        OnHiringAccepted,
        OnJobCancelled,
        OnReminderIssued,
        OnClientRegistered,
        OnActivityUpdated,
        OnSettlement,
        OnDataExportRequested,
        OnErasureRequested,
    ),
)


@dataclass(frozen=True)
class Invoicing:
    """What the routes reach: the use cases and the read side (one typed dependency)."""

    issue_credit_note: IssueCreditNote
    decide_credit_note_request: DecideCreditNoteRequest
    prepare_quote: PrepareQuote
    send_quote: SendQuote
    accept_quote: AcceptQuote
    confirm_quote: ConfirmQuote
    queries: InvoicingQueries
