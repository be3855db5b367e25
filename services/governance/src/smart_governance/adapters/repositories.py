"""MongoDB collections of the governance service and their indexes.

The voters' list (``assembly_voters``: who voted on which item) and the ballot box
(``ballot_box``: what was chosen, keyed by its receipt) share no key and no time: nothing links
a ballot to its voter."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pymongo import ASCENDING, ReturnDocument

from smart_common.member_data import Holding
from smart_common.persistence import Document, Transaction
from smart_common.problems import NotFound

SUBSCRIPTIONS = "share_subscriptions"
REDEMPTIONS = "share_redemptions"
MEMBERS = "members"
ASSEMBLIES = "assemblies"
ROLL = "assembly_roll"
PROXIES = "assembly_proxies"
ATTENDANCE = "assembly_attendance"
ONLINE = "assembly_online"
VOTERS = "assembly_voters"
BALLOT_BOX = "ballot_box"
CANDIDACIES = "assembly_candidacies"

HOLDINGS = (
    Holding(MEMBERS, field="_id"),
    Holding(SUBSCRIPTIONS),
    Holding(REDEMPTIONS),
    Holding(ROLL),
    Holding(ATTENDANCE),
    Holding(ONLINE, field="members"),
    Holding(PROXIES, field="principal_id"),
    Holding(CANDIDACIES),
    Holding(VOTERS, field="voter_id"),
)
"""Where a member's own rows are (their data export; kept as the register on erasure)."""


async def ensure_indexes(database: Any) -> None:
    await database[SUBSCRIPTIONS].create_index([("member_id", ASCENDING)])
    await database[ASSEMBLIES].create_index([("status", ASCENDING)])
    await database[SUBSCRIPTIONS].create_index([("payment_reference", ASCENDING)])
    await database[REDEMPTIONS].create_index([("member_id", ASCENDING)])
    for collection in (ROLL, PROXIES, ATTENDANCE, ONLINE, BALLOT_BOX, CANDIDACIES):
        await database[collection].create_index([("assembly_id", ASCENDING)])


class Subscriptions:
    def __init__(self, tx: Transaction):
        self._subscriptions = tx.collection(SUBSCRIPTIONS)

    async def add(self, subscription: Document) -> None:
        await self._subscriptions.insert_one(subscription)

    async def get(self, subscription_id: str, entity: str) -> Document | None:
        return await self._subscriptions.find_one({"_id": subscription_id, "entity": entity})

    async def of_member(self, member_id: str, entity: str) -> list[Document]:
        return await self._subscriptions.find(
            {"member_id": member_id, "entity": entity}, sort=[("subscribed_at", 1)]
        )

    async def holding(self, member_id: str, entity: str) -> int:
        """The member's shares in the register: paid and not redeemed."""
        return sum(
            item["outstanding"]
            for item in await self.of_member(member_id, entity)
            if item["status"] == "paid"
        )

    async def mark_paid(self, subscription_id: str, changes: Document) -> bool:
        """Only a subscription still awaiting its payment is paid (once)."""
        found = await self._subscriptions.update_one(
            {"_id": subscription_id, "status": "pending_payment"}, {"$set": changes}
        )
        return found == 1

    async def reserve(self, subscription_id: str, shares: int) -> bool:
        """``shares`` of a paid subscription held for a redemption (``available`` drops; the
        register still counts them until they are redeemed)."""
        found = await self._subscriptions.update_one(
            {"_id": subscription_id, "available": {"$gte": shares}},
            {"$inc": {"available": -shares}},
        )
        return found == 1

    async def release(self, subscription_id: str, shares: int) -> None:
        await self._subscriptions.update_one(
            {"_id": subscription_id}, {"$inc": {"available": shares}}
        )

    async def redeem(self, subscription_id: str, shares: int) -> None:
        await self._subscriptions.update_one(
            {"_id": subscription_id}, {"$inc": {"outstanding": -shares}}
        )

    async def any_holder(self, entity: str, on: date) -> bool:
        """Whether someone holds a share paid by ``on``."""
        found = await self._subscriptions.find(
            {
                "entity": entity,
                "status": "paid",
                "outstanding": {"$gt": 0},
                "paid_on": {"$lte": on.isoformat()},
            },
            projection={"_id": 1},
            limit=1,
        )
        return bool(found)

    async def page_after(self, member_id: str, limit: int) -> list[Document]:
        """Subscriptions of the members after ``member_id``, in member order, unfiltered: the
        embedded server sorts a range of one indexed field fast and a filtered one slowly (54 s
        against 0.16 s at 30,000), so the caller filters."""
        return await self._subscriptions.find(
            {"member_id": {"$gt": member_id}},
            projection={
                "member_id": 1,
                "entity": 1,
                "status": 1,
                "outstanding": 1,
                "paid_on": 1,
                "category": 1,
            },
            sort=[("member_id", 1)],
            limit=limit,
        )


class Redemptions:
    def __init__(self, tx: Transaction):
        self._redemptions = tx.collection(REDEMPTIONS)

    async def add(self, redemption: Document) -> None:
        await self._redemptions.insert_one(redemption)

    async def get(self, redemption_id: str, entity: str) -> Document | None:
        return await self._redemptions.find_one({"_id": redemption_id, "entity": entity})

    async def decide(self, redemption_id: str, changes: Document) -> bool:
        found = await self._redemptions.update_one(
            {"_id": redemption_id, "status": "requested"}, {"$set": changes}
        )
        return found == 1


class Members:
    """The members governance knows of: their id and entity, nothing personal."""

    def __init__(self, tx: Transaction):
        self._members = tx.collection(MEMBERS)

    async def add(self, member_id: str, entity: str, registered_at: datetime) -> None:
        await self._members.insert_if_absent(
            {"_id": member_id, "entity": entity, "registered_at": registered_at}
        )

    async def exists(self, member_id: str, entity: str) -> bool:
        return await self._members.find_one({"_id": member_id, "entity": entity}) is not None


class Assemblies:
    def __init__(self, tx: Transaction):
        self._assemblies = tx.collection(ASSEMBLIES)

    async def add(self, assembly: Document) -> None:
        await self._assemblies.insert_one(assembly)

    async def get(self, assembly_id: str, entity: str) -> Document | None:
        return await self._assemblies.find_one({"_id": assembly_id, "entity": entity})

    async def require(self, assembly_id: str, entity: str) -> Document:
        assembly = await self.get(assembly_id, entity)
        if assembly is None:
            raise NotFound(f"no general assembly {assembly_id}")
        return assembly

    async def move(self, assembly_id: str, status: str, changes: Document) -> bool:
        """Changes an assembly still in ``status`` (two calls never both move it)."""
        found = await self._assemblies.update_one(
            {"_id": assembly_id, "status": status}, {"$set": changes}
        )
        return found == 1

    async def count_convocation_sent(self, assembly_id: str) -> None:
        await self._assemblies.update_one({"_id": assembly_id}, {"$inc": {"convocations_sent": 1}})


def roll_key(assembly_id: str, member_id: str) -> str:
    return f"{assembly_id}:{member_id}"


class Roll:
    """The shareholders of record convened to an assembly: who may vote, with their shares."""

    def __init__(self, tx: Transaction):
        self._roll = tx.collection(ROLL)

    async def add(self, entries: list[Document]) -> None:
        if entries:
            await self._roll.insert_many(entries)

    async def get(self, assembly_id: str, member_id: str) -> Document | None:
        return await self._roll.find_one({"_id": roll_key(assembly_id, member_id)})

    async def hold_proxy(self, assembly_id: str, holder_id: str, limit: int) -> bool:
        """One more principal for ``holder_id``, unless they hold ``limit`` already."""
        held = await self._roll.find_one_and_update(
            {"_id": roll_key(assembly_id, holder_id), "proxies_held": {"$lt": limit}},
            {"$inc": {"proxies_held": 1}},
            return_document=ReturnDocument.AFTER,
        )
        return held is not None

    async def set_gave_proxy(self, assembly_id: str, member_id: str, gave: bool) -> None:
        await self._roll.update_one(
            {"_id": roll_key(assembly_id, member_id)}, {"$set": {"gave_proxy": gave}}
        )

    async def release_proxy(self, assembly_id: str, holder_id: str) -> None:
        await self._roll.update_one(
            {"_id": roll_key(assembly_id, holder_id)}, {"$inc": {"proxies_held": -1}}
        )

    async def mark_convened(self, assembly_id: str, member_id: str, proof: Document) -> bool:
        found = await self._roll.update_one(
            {"_id": roll_key(assembly_id, member_id), "convocation": None},
            {"$set": {"convocation": proof}},
        )
        return found == 1


class Proxies:
    def __init__(self, tx: Transaction):
        self._proxies = tx.collection(PROXIES)

    async def add(self, proxy: Document) -> None:
        await self._proxies.insert_one(proxy)

    async def get(self, proxy_id: str, assembly_id: str) -> Document | None:
        return await self._proxies.find_one({"_id": proxy_id, "assembly_id": assembly_id})

    async def given_by(self, assembly_id: str, principal_id: str) -> Document | None:
        return await self._proxies.find_one(
            {"assembly_id": assembly_id, "principal_id": principal_id, "status": "active"}
        )

    async def revoke(self, proxy_id: str, at: datetime) -> bool:
        found = await self._proxies.update_one(
            {"_id": proxy_id, "status": "active"}, {"$set": {"status": "revoked", "revoked_at": at}}
        )
        return found == 1

    async def in_force(self, assembly_id: str) -> list[Document]:
        return await self._proxies.find({"assembly_id": assembly_id, "status": "active"})


class Attendance:
    def __init__(self, tx: Transaction):
        self._attendance = tx.collection(ATTENDANCE)
        self._online = tx.collection(ONLINE)

    async def record(self, assembly_id: str, member_id: str, mode: str, at: datetime) -> bool:
        """The member's first arrival counts (present on site wins over online later)."""
        return await self._attendance.insert_if_absent(
            {
                "_id": roll_key(assembly_id, member_id),
                "assembly_id": assembly_id,
                "member_id": member_id,
                "mode": mode,
                "at": at,
            }
        )

    async def of(self, assembly_id: str) -> set[str]:
        """Every member who attended: signed in, or online (voters, recorded by group)."""
        signed = await self._attendance.find(
            {"assembly_id": assembly_id}, projection={"member_id": 1}
        )
        online = await self._online.find({"assembly_id": assembly_id}, projection={"members": 1})
        return {row["member_id"] for row in signed} | {
            member for row in online for member in row["members"]
        }


class Candidacies:
    def __init__(self, tx: Transaction):
        self._candidacies = tx.collection(CANDIDACIES)

    async def add(self, candidacy: Document) -> bool:
        return await self._candidacies.insert_if_absent(candidacy)

    async def of(self, assembly_id: str, item_id: str) -> list[Document]:
        return await self._candidacies.find({"assembly_id": assembly_id, "item_id": item_id})
