"""A member adds a client they will invoice."""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.members import ClientKind, ClientRegistered
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_members.adapters.repositories import Clients
from smart_members.domain.identity import InvalidIdentity, normalise_tax_number
from smart_members.schemas import Client, ClientIn
from smart_members.use_cases.snapshots import client_snapshot


def _tax_number(client: ClientIn) -> str | None:
    """The business's normalised VAT or tax number; a consumer has none (422 otherwise)."""
    if client.kind is ClientKind.CONSUMER:
        if client.vat_number:
            raise Unprocessable("vat_number: a consumer has no VAT number (kind=business?)")
        if client.peppol_id:
            raise Unprocessable("peppol_id: only businesses receive invoices over Peppol")
        return None
    if not client.vat_number:
        raise Unprocessable("vat_number: a business client needs its VAT or tax number")
    try:
        return normalise_tax_number(client.vat_number, client.country)
    except InvalidIdentity as error:
        raise Unprocessable(str(error)) from error


class AddClient(UseCase):
    raises = (ClientRegistered,)

    def __init__(self, uow: UnitOfWork, clock: Clock, entity: str):
        self._uow = uow
        self._clock = clock
        self._entity = entity

    async def __call__(
        self, member_id: str, client: ClientIn, idempotency_key: str | None
    ) -> tuple[Client, bool]:
        if client.address.country != client.country:
            raise Unprocessable("address.country: must be the client's country")
        vat_number = _tax_number(client)

        async def create(tx: Transaction) -> Client:
            client_id = str(uuid.uuid4())
            document: dict[str, Any] = {
                "_id": client_id,
                "member_id": member_id,
                "entity": self._entity,
                "name": client.name,
                "kind": client.kind.value,
                "vat_number": vat_number,
                "peppol_id": client.peppol_id,
                "address": client.address.model_dump(),
                "country": client.country,
                "email": str(client.email),
                "language": client.language,
                "created_at": self._clock.now().isoformat(),
            }
            await Clients(tx).add(document)
            await tx.record_event(
                ClientRegistered(
                    member_id=member_id, entity=self._entity, client=client_snapshot(document)
                ),
                subject=client_id,
                entity=self._entity,
                correlation_id=client_id,
            )
            return Client.of(document)

        return await run_idempotent_as(
            Client,
            self._uow,
            scope=f"client:{member_id}",
            key=idempotency_key,
            request_fingerprint=fingerprint(client),
            create=create,
        )
