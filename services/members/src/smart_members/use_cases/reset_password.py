"""The account's owner chooses a new password with the link they received (once: the new
password's hash voids the link), and every login of theirs is revoked."""

from __future__ import annotations

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import USERS, RefreshTokens, Users
from smart_members.domain.account_links import InvalidLink, check_link, read_link
from smart_members.domain.password_policy import password_problem
from smart_members.use_cases.account_mail import RESET, AccountMails, reset_binding


class ResetPassword(UseCase):
    def __init__(
        self, uow: UnitOfWork, passwords: PasswordHashing, mails: AccountMails, clock: Clock
    ):
        self._uow = uow
        self._passwords = passwords
        self._mails = mails
        self._clock = clock

    async def __call__(self, token: str, new_password: str) -> None:
        try:
            link = read_link(token, RESET)
        except InvalidLink as error:
            raise Unprocessable(f"token: {error}") from error
        user = await self._uow.find_one(USERS, {"_id": link.member_id})
        if user is None:
            raise Unprocessable("token: this link is no longer valid")
        if problem := password_problem(
            new_password, user["email"], user["first_name"], user["last_name"]
        ):
            raise Unprocessable(problem.replace("password:", "new_password:", 1))
        hashed = await self._passwords.hash(new_password)

        async def reset(tx: Transaction) -> None:
            current = await Users(tx).get(link.member_id)
            try:
                if current is None:
                    raise InvalidLink("this link is no longer valid")
                check_link(self._mails.key, token, link, reset_binding(current), self._clock.now())
            except InvalidLink as error:
                raise Unprocessable(f"token: {error}") from error
            await Users(tx).set_profile(link.member_id, {"password_hash": hashed})
            await RefreshTokens(tx).revoke_member(link.member_id, self._clock.now())

        await self._uow.run(reset)
