"""A member asks for the verification e-mail again (a few times an hour at most)."""

from __future__ import annotations

from smart_common.bus import UseCase
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Conflict, NotFound
from smart_members.adapters.repositories import Users
from smart_members.use_cases.account_mail import AccountMails


class ResendVerification(UseCase):
    def __init__(self, uow: UnitOfWork, mails: AccountMails):
        self._uow = uow
        self._mails = mails

    async def __call__(self, member_id: str) -> None:
        async def resend(tx: Transaction) -> None:
            user = await Users(tx).get(member_id)
            if user is None:
                raise NotFound("no such member")
            if user.get("email_verified_at") is not None:
                raise Conflict("this e-mail address is already verified")
            await self._mails.verification(tx, user)

        await self._uow.run(resend)
