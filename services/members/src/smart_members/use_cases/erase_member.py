"""A member asks to be erased (GDPR art. 17), confirming with their password.

Refused while a job of theirs is still under way (its contract, invoice or salary needs
them). Otherwise, in one transaction: the account is closed (logins revoked, the e-mail
address and password gone, no login possible again), what members alone holds about them —
names, IBAN, national number, address, tax situation, their e-mails and data exports — is
dropped or replaced by their pseudonym, and ``MemberErasureRequested`` asks every service to
apply the entity's retention rules to the rest. Jobs, clients and the staff audit stay: they
name the member by id only, which means nothing once the record is erased.
"""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.erasure import MemberErasureRequested
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.personal_data import PersonalDataCipher
from smart_common.problems import Conflict, NotFound, Unauthorized, Unprocessable
from smart_common.rulepacks import RuleBook, RuleNotConfigured
from smart_members.adapters.data_exports import DataExports
from smart_members.adapters.erasures import Erasures
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import JOBS, USERS, OutgoingMail, RefreshTokens, Users
from smart_members.domain.jobs import JobStatus

UNDER_WAY = [
    status.value
    for status in JobStatus
    if status
    not in (
        JobStatus.SALARIED,  # payroll holds what it needs to pay and declare
        JobStatus.COMPLETED,
        JobStatus.CANCELLED,
        JobStatus.REVIEW_REJECTED,
    )
]
RETENTION_RULES = ("retention_accounting", "retention_payroll", "retention_share_register")
UNUSABLE_PASSWORD_HASH = "erased"  # no password verifies against it
DROPPED = (
    "iban",
    "national_register_number",
    "address",
    "tax_situation",
    "activity",
    "logo",
    "counsellor_id",
    "email_verified_at",
)


class EraseMember(UseCase):
    raises = (MemberErasureRequested,)

    def __init__(
        self,
        uow: UnitOfWork,
        passwords: PasswordHashing,
        cipher: PersonalDataCipher,
        rules: RuleBook,
        clock: Clock,
        services: tuple[str, ...],
    ):
        self._uow = uow
        self._passwords = passwords
        self._cipher = cipher
        self._rules = rules
        self._clock = clock
        self._services = services

    async def __call__(self, member_id: str, password: str) -> dict[str, Any]:
        user = await self._uow.find_one(USERS, {"_id": member_id})
        if user is None or user.get("erased_at"):
            raise NotFound("no such member")
        if not await self._passwords.verify(user["password_hash"], password):
            raise Unauthorized("password: not your password")
        today = self._clock.today()
        pack = self._rules.pack(user["entity"], today)
        try:
            for rule in RETENTION_RULES:
                pack.rule(rule)
        except RuleNotConfigured as error:
            raise Unprocessable(
                f"erasure is not configured for entity {user['entity']}: {error}; ask the "
                "cooperative's data-protection officer"
            ) from None

        async def erase(tx: Transaction) -> dict[str, Any]:
            under_way = await tx.collection(JOBS).find(
                {"member_id": member_id, "status": {"$in": UNDER_WAY}}, projection={"_id": 1}
            )
            if under_way:
                ids = [job["_id"] for job in under_way]
                raise Conflict(
                    f"jobs still under way: {', '.join(ids)}; cancel them or wait until "
                    "their salary is paid",
                    jobs=ids,
                )
            now = self._clock.now()
            label = self._cipher.pseudonym(member_id)
            await Users(tx).erase(
                member_id,
                {
                    "first_name": label,
                    "last_name": label,
                    "email": f"{member_id}@erased.invalid",
                    "roles": [],
                    "password_hash": UNUSABLE_PASSWORD_HASH,
                    "erased_at": now,
                },
                DROPPED,
            )
            await RefreshTokens(tx).revoke_member(member_id, now)
            await OutgoingMail(tx).drop_member(member_id)
            await DataExports(tx).drop_member(member_id)
            erasure = {
                "_id": str(uuid.uuid4()),
                "member_id": member_id,
                "entity": user["entity"],
                "status": "in_progress" if self._services else "completed",
                "services": list(self._services),
                "reports": {},
                "requested_at": now,
            }
            await Erasures(tx).add(erasure)
            await tx.record_event(
                MemberErasureRequested(
                    erasure_id=erasure["_id"],
                    member_id=member_id,
                    entity=user["entity"],
                    requested_on=today,
                ),
                subject=erasure["_id"],
                entity=user["entity"],
                correlation_id=erasure["_id"],
            )
            return erasure

        return await self._uow.run(erase)
