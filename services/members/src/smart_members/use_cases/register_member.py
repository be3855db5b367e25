"""A freelancer registers as a member of this deployment's entity."""

from __future__ import annotations

import uuid
from typing import Any

from pymongo.errors import DuplicateKeyError

from smart_common.auth import Role
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.members import MemberRegistered
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, Unprocessable
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import USERS, Users
from smart_members.domain.identity import (
    InvalidIdentity,
    normalise_iban,
    normalise_national_register_number,
)
from smart_members.domain.password_policy import password_problem
from smart_members.schemas import Member, MemberRegistration
from smart_members.use_cases.account_mail import AccountMails


class RegisterMember(UseCase):
    raises = (MemberRegistered,)

    def __init__(
        self,
        uow: UnitOfWork,
        passwords: PasswordHashing,
        personal_data: PersonalDataCipher,
        clock: Clock,
        entity: str,
        mails: AccountMails,
    ):
        self._uow = uow
        self._mails = mails
        self._passwords = passwords
        self._personal_data = personal_data
        self._clock = clock
        self._entity = entity

    async def __call__(
        self, registration: MemberRegistration, idempotency_key: str | None
    ) -> tuple[Member, bool]:
        if registration.entity != self._entity:
            raise Unprocessable(
                f"entity: this deployment registers members of entity {self._entity}"
            )
        try:
            iban = normalise_iban(registration.iban)
            nrn = (
                normalise_national_register_number(
                    registration.national_register_number, registration.entity
                )
                if registration.national_register_number
                else None
            )
        except InvalidIdentity as error:
            raise Unprocessable(str(error)) from error
        email = registration.email.lower()
        if problem := password_problem(
            registration.password, email, registration.first_name, registration.last_name
        ):
            raise Unprocessable(problem)
        if await self._uow.find_one(USERS, {"email": email}, projection={"_id": 1}):
            if idempotency_key is None:
                raise Conflict(f"email: a member is already registered with {email}")
        hashed = await self._passwords.hash(registration.password)

        member_id = str(uuid.uuid4())

        async def create(tx: Transaction) -> Member:
            user: dict[str, Any] = {
                "_id": member_id,
                "email": email,
                "password_hash": hashed,
                "first_name": registration.first_name,
                "last_name": registration.last_name,
                "entity": registration.entity,
                "iban": self._personal_data.seal(iban, member_id),
                "national_register_number": self._personal_data.seal_optional(nrn, member_id),
                "address": registration.address.model_dump() if registration.address else None,
                "tax_situation": (
                    registration.tax_situation.model_dump(mode="json")
                    if registration.tax_situation
                    else None
                ),
                "language": registration.language,
                "roles": [Role.MEMBER.value],
                "shareholder": False,
                "shares": 0,
                "registered_at": self._clock.now(),
                "email_verified_at": None,
            }
            await Users(tx).add(user)
            await self._mails.verification(tx, user)
            await tx.record_event(
                MemberRegistered(
                    member_id=user["_id"],
                    entity=user["entity"],
                    email=email,
                    first_name=user["first_name"],
                    last_name=user["last_name"],
                ),
                subject=user["_id"],
                entity=user["entity"],
                correlation_id=user["_id"],
            )
            return Member.of(user)

        body = registration.model_dump(mode="json", exclude={"password"})
        try:
            return await run_idempotent_as(
                Member,
                self._uow,
                scope="register",
                key=idempotency_key,
                request_fingerprint=fingerprint(body),
                create=create,
            )
        except DuplicateKeyError as error:
            raise Conflict(f"email: a member is already registered with {email}") from error
