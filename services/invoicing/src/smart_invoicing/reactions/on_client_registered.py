"""A member added a client: kept to prepare quotes for it."""

from __future__ import annotations

from smart_common.bus import EventReaction
from smart_common.events.envelope import Envelope
from smart_common.events.members import ClientRegistered
from smart_common.persistence import Transaction
from smart_invoicing.adapters.repositories import MembersReadModel


class OnClientRegistered(EventReaction):
    consumer = "invoicing-read-models"
    handles = (ClientRegistered,)

    async def handle(self, data: ClientRegistered, envelope: Envelope, tx: Transaction) -> None:
        await MembersReadModel(tx).put_client(
            data.client.client_id,
            {
                "member_id": data.member_id,
                "entity": data.entity,
                "client": data.client.model_dump(mode="json"),
            },
        )
