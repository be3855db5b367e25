"""The member confirmed a quote the client accepted: it becomes the job's declaration (one job
per quote, whatever the redeliveries)."""

from __future__ import annotations

import logging
import uuid

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.invoicing import QuoteConfirmed
from smart_common.events.members import ContractType, JobDeclared, ServiceNature
from smart_common.persistence import Transaction
from smart_common.problems import Forbidden, Unprocessable
from smart_members.adapters.repositories import Clients, Jobs, Users
from smart_members.schemas import JobIn
from smart_members.use_cases.job_declaration import JobDeclaration

log = logging.getLogger(__name__)


class OnQuoteConfirmed(EventReaction):
    consumer = "members-quotes"
    handles = (QuoteConfirmed,)
    raises = (JobDeclared,)

    def __init__(self, declaration: JobDeclaration):
        self._declaration = declaration

    async def handle(self, data: QuoteConfirmed, envelope: Envelope, tx: Transaction) -> None:
        job_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"quote:{data.quote_id}"))
        if await Jobs(tx).get(job_id):
            return
        user = await Users(tx).get(data.member_id)
        client = await Clients(tx).get(data.client_id)
        if user is None:
            raise LookupError(f"member {data.member_id} not found for {envelope.type}")
        job = JobIn(
            client_id=data.client_id,
            description=data.description,
            occupation_code=data.occupation_code,
            start_date=data.start_date,
            end_date=data.end_date,
            worked_days=data.worked_days,
            amount_excl_vat=data.amount_excl_vat,
            currency=data.currency,
            contract_type=ContractType(data.contract_type),
            expenses=data.expenses,
            service_nature=ServiceNature(data.service_nature),
            place_country=data.place_country,
            buyer_reference=data.buyer_reference,
        )
        try:
            await self._declaration.check(user, client, job, tx)
        except (Unprocessable, Forbidden) as error:
            log.warning("quote %s cannot become a job: %s", data.number, error.detail)
            return
        assert client is not None
        await self._declaration.record(tx, user, client, job, job_id, quote_id=data.quote_id)
