"""Governance convened a general assembly: each shareholder of record in the batch gets the
convocation in their language, queued with the others (the account-mail worker sends them and
reports each one sent, the proof governance keeps)."""

from __future__ import annotations

import logging

from smart_common.bus import EventReaction
from smart_common.clock import Clock
from smart_common.events.envelope import Envelope
from smart_common.events.governance import AssemblyConvocation
from smart_common.persistence import Transaction
from smart_members.adapters.repositories import OutgoingMail, Users
from smart_members.domain.account_mail import ASSEMBLY_KINDS, account_mail

log = logging.getLogger(__name__)
CONVOCATION = "assembly_convocation"


class OnAssemblyConvocation(EventReaction):
    consumer = "members-convocations"
    handles = (AssemblyConvocation,)

    def __init__(self, clock: Clock):
        self._clock = clock

    async def handle(self, data: AssemblyConvocation, envelope: Envelope, tx: Transaction) -> None:
        users = await Users(tx).addressed(data.member_ids)
        missing = set(data.member_ids) - {user["_id"] for user in users}
        if missing:
            log.warning(
                "convocation %s: %d shareholders unknown here", data.assembly_id, len(missing)
            )
        agenda = "\n".join(f"{number}. {line.title}" for number, line in enumerate(data.agenda, 1))
        where = " — ".join(filter(None, (data.place, data.online_link)))
        now = self._clock.now()
        mails = []
        for user in users:
            language = user.get("language", "fr")
            kinds = {f"kind_{code}": word for code, word in ASSEMBLY_KINDS[data.kind].items()}
            text = account_mail(
                CONVOCATION,
                language,
                first_name=user["first_name"],
                title=data.title,
                when=data.starts_at.strftime("%Y-%m-%d %H:%M (UTC%z)"),
                where=where,
                agenda=agenda,
                **kinds,
            )
            mails.append(
                {
                    "_id": f"convocation-{data.assembly_id}-{user['_id']}",
                    "member_id": user["_id"],
                    "kind": CONVOCATION,
                    "assembly_id": data.assembly_id,
                    "entity": data.entity,
                    "to": user["email"],
                    "subject": text.subject,
                    "body": text.body,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
            )
        await OutgoingMail(tx).add_many(mails)
