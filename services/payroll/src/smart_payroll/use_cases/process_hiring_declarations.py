"""Hiring declarations filed and followed: claim what is due, submit it (never twice), poll the
answers, and conclude — accepted, refused, or cancelled."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.payroll import (
    HiringDeclarationAccepted,
    HiringDeclarationCancelled,
    HiringDeclarationRefused,
)
from smart_common.persistence import Document, Transaction, UnitOfWork
from smart_payroll.adapters.dimona import DeclarationResult, HiringDeclarationGateway
from smart_payroll.adapters.repositories import HIRING_DECLARATIONS, HiringDeclarations
from smart_payroll.domain.hiring_declarations import CANCELLATION, FOLLOW_UPS, concluded
from smart_payroll.use_cases.hiring_follow_ups import record_cancelled, request_cancellation
from smart_payroll.workers import WorkerFiles

log = logging.getLogger(__name__)
GATEWAY_BATCH = 100
GATEWAY_CONCURRENCY = 16


async def _concurrently(calls: list[Any]) -> list[Any]:
    """Await gateway calls, at most GATEWAY_CONCURRENCY at a time; failures are returned."""
    semaphore = asyncio.Semaphore(GATEWAY_CONCURRENCY)

    async def bounded(call: Any) -> Any:
        async with semaphore:
            return await call

    return await asyncio.gather(*(bounded(call) for call in calls), return_exceptions=True)


def _poll_delay(submitted_at: datetime, now: datetime) -> timedelta:
    """About every second for 30 s, then every minute (the Dimona API's advice)."""
    return timedelta(seconds=1 if now - submitted_at < timedelta(seconds=30) else 60)


class ProcessHiringDeclarations(UseCase):
    raises = (HiringDeclarationAccepted, HiringDeclarationRefused, HiringDeclarationCancelled)

    def __init__(
        self,
        uow: UnitOfWork,
        gateways: dict[str, HiringDeclarationGateway],
        workers: WorkerFiles,
        lease_seconds: float,
        owner: str,
        clock: Clock,
    ):
        """``gateways``: the gateway of each hiring-declaration scheme."""
        self._uow = uow
        self._gateways = gateways
        self._workers = workers
        self._lease = timedelta(seconds=lease_seconds)
        self._owner = owner
        self._clock = clock

    async def __call__(self) -> None:
        """Submit what is new, poll what is due: calls run concurrently, one commit per batch."""
        to_submit = await self._claim_submissions()
        if to_submit:
            submitted = await _concurrently(
                [self._submit_once(declaration) for declaration in to_submit]
            )
            await self._mark_submitted(to_submit, submitted)
        due = await self._uow.find(
            HIRING_DECLARATIONS,
            {"status": "submitted", "next_poll_at": {"$lte": self._clock.now()}},
            limit=GATEWAY_BATCH,
        )
        if due:
            results = await _concurrently(
                [
                    self._gateway_of(declaration).result(declaration["external_id"])
                    for declaration in due
                ]
            )
            await self._uow.run(lambda tx: self._record_results(tx, due, results))

    async def _claim_submissions(self) -> list[dict[str, Any]]:
        """Claim declarations to submit: new ones, and those whose submission may have gone
        out without being recorded (the claim's lease expired: the process died or stalled).

        A few commands per batch, not per declaration: the candidates are read, marked with
        this claim's token by one ``update_many`` that checks again that each is claimable
        (atomic per declaration, so two claimers never take the same one), and read back by
        token."""
        now = self._clock.now()
        token = uuid.uuid4().hex
        due = {"$or": [{"submit_after": {"$exists": False}}, {"submit_after": {"$lte": now}}]}
        candidates: list[str] = []
        # one query per status, each served by the status index (an $or of both would read
        # every declaration ever made)
        for claimable in (
            {"status": "to_submit", **due},
            {"status": "submitting", "lease_until": {"$lte": now}},
        ):
            found = await self._uow.find(
                HIRING_DECLARATIONS,
                claimable,
                projection={"_id": True},
                limit=GATEWAY_BATCH - len(candidates),
            )
            if not found:
                continue
            ids = [declaration["_id"] for declaration in found]
            claim = {
                "$set": {
                    "status": "submitting",
                    "claim": token,
                    "lease_owner": self._owner,
                    "lease_until": now + self._lease,
                },
                "$inc": {"submission_claims": 1},
            }
            await self._mark_declarations({**claimable, "_id": {"$in": ids}}, claim)
            candidates += ids
            if len(candidates) >= GATEWAY_BATCH:
                break
        if not candidates:
            return []
        return await self._uow.find(
            HIRING_DECLARATIONS, {"_id": {"$in": candidates}, "claim": token}
        )

    async def _mark_declarations(self, query: Document, update: Document) -> None:
        """One ``update_many`` outside a transaction (atomic per declaration)."""

        async def mark(database: AsyncDatabase[Document]) -> None:
            await database[HIRING_DECLARATIONS].update_many(query, update)

        await self._uow.single(mark)

    async def _submit_once(self, declaration: dict[str, Any]) -> str:
        """Submit under the declaration's id; a declaration claimed before (its submission may
        have gone out) is first looked up at the gateway, never filed twice."""
        gateway = self._gateway_of(declaration)
        reference = f"{declaration['_id']}:{declaration.get('resubmissions', 0)}"
        if declaration.get("submission_claims", 1) > 1:
            found = await gateway.find(reference)
            if found is not None:
                log.info("%s had reached the gateway already (%s)", declaration["_id"], found)
                return found
        return await gateway.submit(self._workers.opened_body(declaration), reference)

    def _gateway_of(self, declaration: dict[str, Any]) -> HiringDeclarationGateway:
        kind = "dimona" if declaration["kind"] in FOLLOW_UPS else declaration["kind"]
        return self._gateways[kind]

    async def _mark_submitted(
        self, declarations: list[dict[str, Any]], external_ids: list[Any]
    ) -> None:
        """One command for the batch, no transaction: each mark is atomic and conditional
        (still ``submitting``), so repeating it is harmless."""
        now = self._clock.now()
        marks = []
        for declaration, external_id in zip(declarations, external_ids, strict=True):
            if isinstance(external_id, BaseException):
                # it may have gone out: claimed again once the lease expires, looked up first
                log.warning("submitting %s failed: %s", declaration["_id"], external_id)
                continue
            marks.append(
                UpdateOne(
                    {"_id": declaration["_id"], "status": "submitting"},
                    {
                        "$set": {
                            "status": "submitted",
                            "external_id": external_id,
                            "submitted_at": now,
                            "next_poll_at": now + timedelta(seconds=0.5),
                        }
                    },
                )
            )
        if marks:
            await self._uow.single(lambda database: database[HIRING_DECLARATIONS].bulk_write(marks))

    async def _record_results(
        self, tx: Transaction, declarations: list[dict[str, Any]], results: list[Any]
    ) -> None:
        """Next polls and conclusions of a batch in two commands (which declarations are still
        submitted, then every change at once), then what each conclusion sets off."""
        now = self._clock.now()
        changes = []
        answered: list[tuple[dict[str, Any], DeclarationResult]] = []
        for declaration, result in zip(declarations, results, strict=True):
            if isinstance(result, BaseException):
                log.warning("polling %s failed: %s", declaration["_id"], result)
                continue
            if result is None or not (result.accepted or result.refused):
                submitted_at = declaration["submitted_at"]
                if submitted_at.tzinfo is None:
                    submitted_at = submitted_at.replace(tzinfo=UTC)
                changes.append(
                    UpdateOne(
                        {"_id": declaration["_id"]},
                        {
                            "$set": {
                                "next_poll_at": now + _poll_delay(submitted_at, now),
                                "last_result": result.result if result else None,
                            }
                        },
                    )
                )
                continue
            answered.append((declaration, result))
        repository = HiringDeclarations(tx)
        still_submitted: set[str] = set()
        if answered:
            still_submitted = await repository.still_submitted([d["_id"] for d, _ in answered])
        conclusions = [(d, result) for d, result in answered if d["_id"] in still_submitted]
        for declaration, result in conclusions:
            changes.append(
                UpdateOne(
                    {"_id": declaration["_id"], "status": "submitted"},
                    {
                        "$set": {
                            "status": "accepted" if result.accepted else "refused",
                            "result": result.result,
                            "period_id": result.period_id,
                            "anomalies": result.anomalies,
                            "concluded_at": now,
                        }
                    },
                )
            )
        await repository.apply(changes)
        for declaration, result in conclusions:
            await self._conclude(tx, declaration, result)

    async def _conclude(
        self, tx: Transaction, declaration: dict[str, Any], result: DeclarationResult
    ) -> None:
        """What an answer sets off once recorded: the cancellation's end, a cancellation
        asked meanwhile, the accepted or refused event."""
        if declaration["kind"] == CANCELLATION:
            await record_cancelled(tx, declaration, result.result)
            return
        if result.accepted and declaration.get("cancel_requested"):
            await request_cancellation(tx, declaration | {"period_id": result.period_id})
        # the poll runs in the background: the event joins the saga's trace explicitly
        await tx.record_event(
            concluded(declaration, result),
            subject=declaration["_id"],
            entity=declaration["entity"],
            correlation_id=declaration["job_id"],
            traceparent=declaration.get("traceparent"),
        )
