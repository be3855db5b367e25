"""MongoDB repositories of the members service; they act inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.events.payroll import PayrollTermsPublished
from smart_common.persistence import IN_CHUNK, Document, Transaction
from smart_common.problems import Unprocessable
from smart_common.retention import Retention
from smart_members.adapters.login_attempts import LOGIN_ATTEMPTS

USERS = "users"
CLIENTS = "clients"
JOBS = "jobs"
PAYROLL_TERMS = "payroll_terms"
STAFF_AUDIT = "staff_audit"
REFRESH_TOKENS = "refresh_tokens"
OUTGOING_MAIL = "outgoing_mail"
ACTIVITIES = "activities"


def bookkeeping(login_failure_window: timedelta) -> tuple[Retention, ...]:
    """What members keeps only for a while: failed logins past their window, refresh tokens a
    week after they expired, sent account e-mails (their link is long dead) after 30 days."""
    return (
        Retention(
            LOGIN_ATTEMPTS,
            "last_failure_at",
            login_failure_window + timedelta(days=1),
        ),
        Retention(REFRESH_TOKENS, "expires_at", timedelta(days=7)),
        Retention(OUTGOING_MAIL, "sent_at", timedelta(days=30)),
    )


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[USERS].create_index([("email", ASCENDING)], unique=True)
    await database[CLIENTS].create_index([("member_id", ASCENDING)])
    await database[JOBS].create_index([("member_id", ASCENDING), ("declared_at", ASCENDING)])
    await database[ACTIVITIES].create_index([("member_id", ASCENDING), ("opened_on", ASCENDING)])
    await database[USERS].create_index([("entity", ASCENDING), ("roles", ASCENDING)])
    await database[REFRESH_TOKENS].create_index([("family", ASCENDING)])
    await database[REFRESH_TOKENS].create_index([("member_id", ASCENDING)])
    await database[OUTGOING_MAIL].create_index(
        [("status", ASCENDING), ("next_attempt_at", ASCENDING)]
    )
    await database[OUTGOING_MAIL].create_index(
        [("member_id", ASCENDING), ("created_at", ASCENDING)]
    )
    await database[STAFF_AUDIT].create_index([("entity", ASCENDING), ("at", ASCENDING)])
    await database[PAYROLL_TERMS].create_index(
        [("entity", ASCENDING), ("effective_from", ASCENDING)]
    )


class Users:
    def __init__(self, tx: Transaction):
        self._users = tx.collection(USERS)

    async def add(self, user: Document) -> None:
        await self._users.insert_one(user)

    async def get(self, user_id: str) -> Document | None:
        return await self._users.find_one({"_id": user_id})

    async def set_shares(self, member_id: str, shares: int) -> Document | None:
        """The member's shares in the register (a shareholder while they hold one); the
        member as they were before, None when unknown."""
        return await self._users.find_one_and_update(
            {"_id": member_id}, {"$set": {"shares": shares, "shareholder": shares > 0}}
        )

    async def addressed(self, member_ids: list[str]) -> list[Document]:
        """What an e-mail to these members needs: address, language, first name."""
        return await self._users.find(
            {"_id": {"$in": member_ids}},
            projection={"email": 1, "language": 1, "first_name": 1},
        )

    async def set_profile(self, member_id: str, changes: Document) -> None:
        await self._users.update_one({"_id": member_id}, {"$set": changes})

    async def erase(self, member_id: str, kept: Document, dropped: tuple[str, ...]) -> None:
        """The member's record reduced to what stands for them once erased."""
        await self._users.update_one(
            {"_id": member_id}, {"$set": kept, "$unset": dict.fromkeys(dropped, "")}
        )

    async def set_activity(self, member_id: str, activity: Document) -> None:
        await self._users.update_one({"_id": member_id}, {"$set": {"activity": activity}})

    async def grant(self, member_id: str, role: str) -> bool:
        """False when they already held it."""
        return await self._users.update_one({"_id": member_id}, {"$addToSet": {"roles": role}}) == 1

    async def withdraw(self, member_id: str, role: str) -> bool:
        """False when they did not hold it."""
        return await self._users.update_one({"_id": member_id}, {"$pull": {"roles": role}}) == 1

    async def holders(self, entity: str, role: str) -> list[Document]:
        return await self._users.find({"entity": entity, "roles": role}, projection={"_id": 1})

    async def assign_counsellor(self, member_id: str, counsellor_id: str) -> None:
        await self._users.update_one({"_id": member_id}, {"$set": {"counsellor_id": counsellor_id}})


class StaffAudit:
    """Who changed whose roles or counsellor, when: kept, never rewritten."""

    def __init__(self, tx: Transaction):
        self._audit = tx.collection(STAFF_AUDIT)

    async def record(self, change: Document) -> None:
        await self._audit.insert_one(change)


class Clients:
    def __init__(self, tx: Transaction):
        self._clients = tx.collection(CLIENTS)

    async def add(self, client: Document) -> None:
        await self._clients.insert_one(client)

    async def get(self, client_id: str) -> Document | None:
        return await self._clients.find_one({"_id": client_id})


class Jobs:
    def __init__(self, tx: Transaction):
        self._jobs = tx.collection(JOBS)

    async def add(self, job: Document) -> None:
        await self._jobs.insert_one(job)

    async def get(self, job_id: str) -> Document | None:
        return await self._jobs.find_one({"_id": job_id})

    async def any_of(self, member_id: str) -> bool:
        """Whether the member declared a job before (a rejected first one counts not)."""
        found = await self._jobs.find_one(
            {"member_id": member_id, "status": {"$ne": "review_rejected"}}, projection={"_id": 1}
        )
        return found is not None

    async def any_for_client(self, member_id: str, client_id: str) -> bool:
        """Whether the member declared a job for this client before."""
        found = await self._jobs.find_one(
            {"member_id": member_id, "client_id": client_id, "status": {"$ne": "review_rejected"}},
            projection={"_id": 1},
        )
        return found is not None

    async def review(self, job_id: str, status: str, entry: Document) -> bool:
        """Conclude a held first job's review; False when it is no longer awaiting one."""
        changed = await self._jobs.update_one(
            {"_id": job_id, "status": "awaiting_review"},
            {"$set": {"status": status}, "$push": {"timeline": entry}},
        )
        return changed == 1

    async def get_many(self, job_ids: Iterable[str]) -> dict[str, Document]:
        """The jobs with these ids, by id (one read per ``IN_CHUNK`` ids)."""
        wanted = sorted(set(job_ids))
        found: dict[str, Document] = {}
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            for job in await self._jobs.find({"_id": {"$in": chunk}}):
                found[job["_id"]] = job
        return found

    async def append_steps(self, changes: dict[str, tuple[list[Document], str]]) -> None:
        """Per job, timeline entries to append and its new status: one command for all."""
        await self._jobs.bulk_write(
            [
                UpdateOne(
                    {"_id": job_id},
                    {"$push": {"timeline": {"$each": entries}}, "$set": {"status": status}},
                )
                for job_id, (entries, status) in changes.items()
            ]
        )

    async def cancel(self, job_id: str, entry: dict[str, Any]) -> bool:
        """Cancel unless already cancelled; False when someone else did it first."""
        changed = await self._jobs.update_one(
            {"_id": job_id, "status": {"$ne": "cancelled"}},
            {"$push": {"timeline": entry}, "$set": {"status": "cancelled"}},
        )
        return changed == 1


class PayrollTerms:
    """Payroll's published terms (what it can pay, from which date): members' read model."""

    def __init__(self, tx: Transaction):
        self._terms = tx.collection(PAYROLL_TERMS)

    async def save(self, terms: PayrollTermsPublished, published_at: datetime) -> bool:
        """Keep this version unless a later publication of the same date is already kept."""
        key = f"{terms.entity}:{terms.effective_from.isoformat()}"
        known = await self._terms.find_one({"_id": key})
        if known is not None and known["published_at"] >= published_at:
            return False
        await self._terms.update_one(
            {"_id": key},
            {
                "$set": {
                    "entity": terms.entity,
                    "effective_from": terms.effective_from.isoformat(),
                    "contract_types": [
                        kind.model_dump(mode="json") for kind in terms.contract_types
                    ],
                    "published_at": published_at,
                }
            },
            upsert=True,
        )
        return True


class RefreshTokens:
    """Refresh tokens by the digest of their value (the value itself is never stored); the
    tokens of one login share a ``family``."""

    def __init__(self, tx: Transaction):
        self._tokens = tx.collection(REFRESH_TOKENS)

    async def add(self, token: Document) -> None:
        await self._tokens.insert_one(token)

    async def get(self, digest: str) -> Document | None:
        return await self._tokens.find_one({"_id": digest})

    async def use(self, digest: str, at: datetime) -> bool:
        """Mark it used; False when it was used (or revoked) already."""
        changed = await self._tokens.update_one(
            {"_id": digest, "used_at": None, "revoked_at": None}, {"$set": {"used_at": at}}
        )
        return changed == 1

    async def revoke_member(self, member_id: str, at: datetime) -> None:
        """Every login of the member (their password changed)."""
        await self._tokens.update_many(
            {"member_id": member_id, "revoked_at": None}, {"$set": {"revoked_at": at}}
        )

    async def revoke_family(self, family: str, at: datetime) -> None:
        await self._tokens.update_many(
            {"family": family, "revoked_at": None}, {"$set": {"revoked_at": at}}
        )


class OutgoingMail:
    """The account e-mails to send, written with what caused them; a sent one keeps no body
    (its link is a secret)."""

    def __init__(self, tx: Transaction):
        self._mail = tx.collection(OUTGOING_MAIL)

    async def drop_member(self, member_id: str) -> None:
        """Every e-mail to a member who asked to be erased (their address is in it)."""
        await self._mail.delete_many({"member_id": member_id})

    async def add(self, mail: Document) -> None:
        await self._mail.insert_one(mail)

    async def add_many(self, mails: list[Document]) -> None:
        if mails:
            await self._mail.insert_many(mails)

    async def sent_since(self, member_id: str, kind: str, since: datetime) -> int:
        found = await self._mail.find(
            {"member_id": member_id, "kind": kind, "created_at": {"$gte": since}},
            projection={"_id": 1},
        )
        return len(found)

    async def mark_sent(self, mail_id: str, at: datetime) -> None:
        await self._mail.update_one(
            {"_id": mail_id},
            {"$set": {"status": "sent", "sent_at": at}, "$unset": {"body": ""}},
        )

    async def mark_failed(self, mail_id: str, changes: Document) -> None:
        await self._mail.update_one({"_id": mail_id}, {"$set": changes})


class MemberActivities:
    """The members' activities as the activities service announced them (id, mode), so that a
    job names one of its member's own."""

    def __init__(self, tx: Transaction):
        self._activities = tx.collection(ACTIVITIES)

    async def add(self, activity: Document) -> None:
        await self._activities.insert_if_absent(activity)

    async def get(self, activity_id: str) -> Document | None:
        return await self._activities.find_one({"_id": activity_id})

    async def resolve(
        self, member_id: str, entity: str, activity_id: str | None
    ) -> Document | None:
        """The named activity (422 when it is not the member's), else the member's first;
        None when activities has announced none (it opens one with the first job)."""
        if activity_id is None:
            found = await self._activities.find(
                {"member_id": member_id, "entity": entity},
                sort=[("opened_on", ASCENDING), ("opened_at", ASCENDING)],
                limit=1,
            )
            return found[0] if found else None
        activity = await self._activities.find_one({"_id": activity_id})
        if activity is None or (activity["member_id"], activity["entity"]) != (member_id, entity):
            raise Unprocessable(
                f"activity_id: {activity_id} is not one of your activities (one opened a moment "
                "ago may take a few seconds to be known here)"
            )
        return activity
