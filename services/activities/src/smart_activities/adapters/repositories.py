"""MongoDB collections of the activities service and their indexes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from smart_activities.domain.ledger import InvoiceAccount, Movement, MovementKind, cents
from smart_common.persistence import BoundCollection, Document, Transaction
from smart_common.problems import Conflict

ACTIVITIES = "activities"
JOBS = "jobs"
INVOICES = "invoices"
MOVEMENTS = "movements"
PARKED = "parked_events"
MONTH_TOTALS = "month_totals"
EXPENSE_NOTES = "expense_notes"
REVIEWS = "reviews"
FINANCINGS = "financings"
SALARY_REQUESTS = "salary_requests"


async def ensure_indexes(database: AsyncDatabase[Document]) -> None:
    await database[ACTIVITIES].create_index([("member_id", ASCENDING), ("opened_at", ASCENDING)])
    await database[ACTIVITIES].create_index([("entity", ASCENDING), ("counsellor_id", ASCENDING)])
    await database[MOVEMENTS].create_index([("activity_id", ASCENDING), ("order", ASCENDING)])
    await database[MOVEMENTS].create_index([("activity_id", ASCENDING), ("month", ASCENDING)])
    await database[MOVEMENTS].create_index([("member_id", ASCENDING)])
    await database[JOBS].create_index([("member_id", ASCENDING)])
    await database[INVOICES].create_index([("member_id", ASCENDING)])
    await database[PARKED].create_index([("waits_for", ASCENDING), ("time", ASCENDING)])
    await database[MONTH_TOTALS].create_index([("activity_id", ASCENDING), ("month", ASCENDING)])
    await database[EXPENSE_NOTES].create_index(
        [("activity_id", ASCENDING), ("created_at", ASCENDING)]
    )
    await database[EXPENSE_NOTES].create_index([("member_id", ASCENDING), ("status", ASCENDING)])
    await database[REVIEWS].create_index([("entity", ASCENDING), ("status", ASCENDING)])
    await database[REVIEWS].create_index([("operation.id", ASCENDING)])
    await database[FINANCINGS].create_index([("activity_id", ASCENDING), ("status", ASCENDING)])
    await database[FINANCINGS].create_index([("entity", ASCENDING), ("status", ASCENDING)])
    await database[SALARY_REQUESTS].create_index(
        [("activity_id", ASCENDING), ("status", ASCENDING)]
    )
    await database[SALARY_REQUESTS].create_index([("member_id", ASCENDING)])


class Activities:
    def __init__(self, tx: Transaction):
        self._activities = tx.collection(ACTIVITIES)

    async def add(self, activity: Document) -> None:
        await self._activities.insert_one(activity)

    async def first_of(self, member_id: str, entity: str) -> Document | None:
        found = await self._activities.find(
            {"member_id": member_id, "entity": entity},
            sort=[("opened_at", ASCENDING), ("_id", ASCENDING)],
            limit=1,
        )
        return found[0] if found else None

    async def get(self, activity_id: str) -> Document | None:
        return await self._activities.find_one({"_id": activity_id})

    async def claim_budget(self, activity_id: str) -> None:
        """Writes the activity in the caller's transaction: two transactions spending from
        the same budget conflict, and the second reads again what the first left."""
        await self._activities.update_one({"_id": activity_id}, {"$inc": {"budget_claims": 1}})


class Jobs:
    """Which activity each job (or long contract) belongs to."""

    def __init__(self, tx: Transaction):
        self._jobs = tx.collection(JOBS)

    async def attach(self, job_id: str, activity: Document, declared_at: datetime) -> None:
        await self._jobs.insert_if_absent(
            {
                "_id": job_id,
                "activity_id": activity["_id"],
                "member_id": activity["member_id"],
                "entity": activity["entity"],
                "declared_at": declared_at,
            }
        )

    async def get(self, job_id: str) -> Document | None:
        return await self._jobs.find_one({"_id": job_id})

    async def count_of(self, member_id: str) -> int:
        return len(await self._jobs.find({"member_id": member_id}, projection={"_id": 1}))


class Invoices:
    """Each invoice's account: its totals and what was paid, credited and contributed."""

    def __init__(self, tx: Transaction):
        self._invoices = tx.collection(INVOICES)

    async def open(
        self, invoice_id: str, number: str, job: Document, account: InvoiceAccount
    ) -> bool:
        return await self._invoices.insert_if_absent(
            {
                "_id": invoice_id,
                "number": number,
                "job_id": job["_id"],
                "activity_id": job["activity_id"],
                "member_id": job["member_id"],
                "entity": job["entity"],
                **_stored(account),
            }
        )

    async def get(self, invoice_id: str) -> tuple[Document, InvoiceAccount] | None:
        document = await self._invoices.find_one({"_id": invoice_id})
        if document is None:
            return None
        return document, InvoiceAccount(
            total=document["total"],
            vat=document["vat"],
            excl_vat=document["excl_vat"],
            contribution_rate=Decimal(document["contribution_rate"]),
            received=document["received"],
            vat_settled=document["vat_settled"],
            credited=document["credited"],
            vat_credited=document["vat_credited"],
            excl_vat_credited=document["excl_vat_credited"],
            contribution=document["contribution"],
        )

    async def save(self, invoice_id: str, account: InvoiceAccount) -> None:
        await self._invoices.update_one({"_id": invoice_id}, {"$set": _stored(account)})


class Movements:
    """The ledger, and each month's sums of its lines per movement kind and account, added to
    in the same transaction as the movement they sum: the balance and the statements read a
    few months' sums, not every line, and a recount from the lines gives the same figures."""

    def __init__(self, tx: Transaction):
        self._movements = tx.collection(MOVEMENTS)
        self._totals = tx.collection(MONTH_TOTALS)

    async def post(
        self,
        movement_id: str,
        owner: Document,
        movement: Movement,
        source: Document,
        now: datetime,
        *,
        at: datetime | None = None,
    ) -> bool:
        """Posts the movement once: its id comes from the event that caused it, so the same
        event delivered or replayed again posts nothing. ``owner``: any document naming the
        activity, its member and entity (a job, an invoice, a note, a financing)."""
        if movement.empty:
            return False
        document = movement_document(movement_id, owner, movement, source, now, at or now)
        if not await self._movements.insert_if_absent(document):
            return False
        added: dict[str, int] = {"movements": 1}
        for line in movement.lines:
            key = f"sums.{movement.kind.value}.{line.account.value}"
            added[key] = added.get(key, 0) + line.cents
        await self._totals.update_one(
            {"_id": f"{owner['activity_id']}:{document['month']}"},
            {
                "$inc": added,
                "$setOnInsert": {"activity_id": owner["activity_id"], "month": document["month"]},
            },
            upsert=True,
        )
        return True

    async def exists(self, movement_id: str) -> bool:
        return (
            await self._movements.find_one({"_id": movement_id}, projection={"_id": 1}) is not None
        )


def movement_document(
    movement_id: str,
    owner: Document,
    movement: Movement,
    source: Document,
    now: datetime,
    at: datetime,
) -> Document:
    """A movement as stored: its lines in signed cents, its month for the statements, and its
    place in the ledger — by date, then when its cause happened (``at``: the event's time, not
    when this service got to it: topics are consumed at their own pace), then its kind's place
    among one event's movements (a payment before its contribution)."""
    rank = list(MovementKind).index(movement.kind)
    return {
        "_id": movement_id,
        "activity_id": owner["activity_id"],
        "member_id": owner["member_id"],
        "entity": owner["entity"],
        "kind": movement.kind.value,
        "date": movement.day.isoformat(),
        "month": movement.day.isoformat()[:7],
        "label": movement.label,
        "lines": [{"account": line.account.value, "cents": line.cents} for line in movement.lines],
        "source": source,
        "recorded_at": now,
        "order": f"{movement.day.isoformat()}|{at.isoformat()}|{rank:02d}|{movement_id}",
    }


class MonthTotals:
    def __init__(self, tx: Transaction):
        self._totals = tx.collection(MONTH_TOTALS)

    async def cash(self, activity_id: str) -> int:
        """The activity's cash in cents: the sum of every month's cash lines."""
        months = await self._totals.find({"activity_id": activity_id}, projection={"sums": 1})
        return sum(
            accounts.get("cash", 0)
            for month in months
            for accounts in month.get("sums", {}).values()
        )


class Parked:
    """Events that came before what they depend on (another topic's event), kept whole until
    it arrives: the books take them then, in the order they happened."""

    def __init__(self, tx: Transaction):
        self._parked = tx.collection(PARKED)

    async def park(self, event: Document, waits_for: str) -> None:
        await self._parked.insert_if_absent({**event, "waits_for": waits_for})

    async def take(self, waits_for: str) -> list[Document]:
        parked = await self._parked.find({"waits_for": waits_for}, sort=[("time", ASCENDING)])
        if parked:
            await self._parked.delete_many({"_id": {"$in": [item["_id"] for item in parked]}})
        return parked


async def _save_if_status(
    collection: BoundCollection, document: Document, expected_status: str, what: str
) -> None:
    """Saves ``document`` if its stored status is still ``expected_status`` (else 409: someone
    else moved it meanwhile)."""
    changed = await collection.update_one(
        {"_id": document["_id"], "status": expected_status},
        {"$set": {key: value for key, value in document.items() if key != "_id"}},
    )
    if not changed:
        raise Conflict(f"{what} {document['_id']} changed meanwhile: read it again")


def _stored(account: InvoiceAccount) -> Document:
    return {
        "total": account.total,
        "vat": account.vat,
        "excl_vat": account.excl_vat,
        "contribution_rate": str(account.contribution_rate),
        "received": account.received,
        "vat_settled": account.vat_settled,
        "credited": account.credited,
        "vat_credited": account.vat_credited,
        "excl_vat_credited": account.excl_vat_credited,
        "contribution": account.contribution,
    }


class ExpenseNotes:
    def __init__(self, tx: Transaction):
        self._notes = tx.collection(EXPENSE_NOTES)

    async def add(self, note: Document) -> None:
        await self._notes.insert_one(note)

    async def get(self, note_id: str) -> Document | None:
        return await self._notes.find_one({"_id": note_id})

    async def save(self, note: Document, expected_status: str) -> None:
        await _save_if_status(self._notes, note, expected_status, "expense note")

    async def submitted_by(self, member_id: str, other_than: str) -> int:
        return len(
            await self._notes.find(
                {"member_id": member_id, "submitted_at": {"$ne": None}, "_id": {"$ne": other_than}},
                projection={"_id": 1},
            )
        )

    async def reimburse_by(self, note: Document, request_id: str) -> None:
        """The note is to be paid by the salary request's payslip (else 409: it changed)."""
        changed = await self._notes.update_one(
            {"_id": note["_id"], "status": "approved", "reimbursed_by": None},
            {"$set": {"reimbursed_by": request_id}},
        )
        if not changed:
            raise Conflict(f"expense note {note['_id']} changed meanwhile: read it again")

    async def reimbursed_by(self, request_id: str) -> list[Document]:
        return await self._notes.find({"reimbursed_by": request_id, "status": "approved"})

    async def approved_unpaid(self, activity_id: str) -> int:
        """What approved notes not yet paid will take from the cash, in cents."""
        notes = await self._notes.find(
            {"activity_id": activity_id, "status": "approved"}, projection={"total": 1}
        )
        return sum(cents(Decimal(note["total"])) for note in notes)


class Reviews:
    def __init__(self, tx: Transaction):
        self._reviews = tx.collection(REVIEWS)

    async def add(self, review: Document) -> None:
        await self._reviews.insert_one(review)

    async def add_once(self, review: Document) -> bool:
        """Adds a review whose id says what it is about, unless it exists: True when added."""
        return await self._reviews.insert_if_absent(review)

    async def get(self, review_id: str) -> Document | None:
        return await self._reviews.find_one({"_id": review_id})

    async def decide(self, review: Document) -> None:
        await _save_if_status(self._reviews, review, "open", "review")


class Financings:
    def __init__(self, tx: Transaction):
        self._financings = tx.collection(FINANCINGS)

    async def add(self, financing: Document) -> None:
        await self._financings.insert_one(financing)

    async def get(self, financing_id: str) -> Document | None:
        return await self._financings.find_one({"_id": financing_id})

    async def repaying(self, activity_id: str) -> list[Document]:
        return await self._financings.find(
            {"activity_id": activity_id, "status": "repaying"}, sort=[("disbursed_on", ASCENDING)]
        )

    async def save(self, financing: Document, expected_status: str) -> None:
        await _save_if_status(self._financings, financing, expected_status, "financing")


class SalaryRequests:
    def __init__(self, tx: Transaction):
        self._requests = tx.collection(SALARY_REQUESTS)

    async def add(self, request: Document) -> None:
        await self._requests.insert_one(request)

    async def get(self, request_id: str) -> Document | None:
        return await self._requests.find_one({"_id": request_id})

    async def save(self, request: Document, expected_status: str) -> None:
        await _save_if_status(self._requests, request, expected_status, "salary request")

    async def held(self, activity_id: str, statuses: tuple[str, ...]) -> int:
        """What requests not yet paid keep aside from the cash, in cents."""
        requests = await self._requests.find(
            {"activity_id": activity_id, "status": {"$in": list(statuses)}},
            projection={"budget": 1},
        )
        return sum(cents(Decimal(request["budget"])) for request in requests)
