"""Someone asks to reset the password of an e-mail address. The answer is the same whether
an account has that address or not (it tells nobody who is a member); the account's owner
receives a single-use link, a few times an hour at most."""

from __future__ import annotations

from smart_common.bus import UseCase
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import TooManyRequests
from smart_members.adapters.repositories import USERS
from smart_members.use_cases.account_mail import AccountMails


class RequestPasswordReset(UseCase):
    def __init__(self, uow: UnitOfWork, mails: AccountMails):
        self._uow = uow
        self._mails = mails

    async def __call__(self, email: str) -> None:
        async def request(tx: Transaction) -> None:
            user = await tx.collection(USERS).find_one({"email": email.strip().lower()})
            if user is not None and not user.get("erased_at"):
                await self._mails.reset(tx, user)

        try:
            await self._uow.run(request)
        except TooManyRequests:
            return  # the owner has recent links; answering otherwise would tell who is a member
