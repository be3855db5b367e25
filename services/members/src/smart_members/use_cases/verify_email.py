"""A member confirms their e-mail address with the link they received: until then they may
not declare a job (an unverified address could be anyone's)."""

from __future__ import annotations

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_members.adapters.repositories import Users
from smart_members.domain.account_links import InvalidLink, check_link, read_link
from smart_members.schemas import Member
from smart_members.use_cases.account_mail import VERIFICATION, AccountMails, verification_binding


class VerifyEmail(UseCase):
    def __init__(self, uow: UnitOfWork, mails: AccountMails, clock: Clock):
        self._uow = uow
        self._mails = mails
        self._clock = clock

    async def __call__(self, token: str) -> Member:
        async def verify(tx: Transaction) -> Member:
            try:
                link = read_link(token, VERIFICATION)
                user = await Users(tx).get(link.member_id)
                if user is None:
                    raise InvalidLink("this link is no longer valid")
                check_link(
                    self._mails.key, token, link, verification_binding(user), self._clock.now()
                )
            except InvalidLink as error:
                raise Unprocessable(f"token: {error}") from error
            if user.get("email_verified_at") is None:
                user["email_verified_at"] = self._clock.now()
                await Users(tx).set_profile(
                    user["_id"], {"email_verified_at": user["email_verified_at"]}
                )
            return Member.of(user)

        return await self._uow.run(verify)
