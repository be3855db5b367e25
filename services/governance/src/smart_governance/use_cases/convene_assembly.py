"""The board convenes a general assembly: its agenda (each item with the kind of decision the
statutes give it, or an election of the board), the shareholders of record at the record date
(today) as its roll, and their convocation — refused when it would leave later than the
statutes' notice. The members service writes the e-mails (it holds the addresses and
languages) and reports each one sent: that is the proof of sending kept on the roll."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import AgendaLine, AssemblyConvocation
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook
from smart_governance.adapters.repositories import Assemblies, Roll, Subscriptions, roll_key
from smart_governance.domain.assemblies import ELECTION, convocation_problem
from smart_governance.schemas import AgendaItemIn, Assembly, AssemblyIn
from smart_governance.statutes import AssemblyRules
from smart_governance.views import assembly_view

BATCH = 500
"""Members per convocation event (an event stays far below the broker's message size)."""


def agenda_of(items: list[AgendaItemIn], statutes: AssemblyRules) -> list[dict[str, Any]]:
    agenda = []
    for number, item in enumerate(items, start=1):
        decision = item.decision
        if decision is not None and decision != ELECTION and decision not in statutes.decisions:
            known = ", ".join(sorted(statutes.decisions))
            raise Unprocessable(
                f"agenda[{number - 1}].decision: {decision!r} is no kind of decision of the "
                f"statutes ({known}, or election)"
            )
        agenda.append(
            {
                "item_id": f"item-{number}",
                "title": item.title,
                "description": item.description,
                "decision": decision,
                "seats": statutes.seats if decision == ELECTION else None,
            }
        )
    return agenda


class ConveneAssembly(UseCase):
    raises = (AssemblyConvocation,)

    def __init__(self, uow: UnitOfWork, rules: RuleBook, clock: Clock):
        self._uow = uow
        self._rules = rules
        self._clock = clock

    async def __call__(
        self, principal: Principal, request: AssemblyIn, idempotency_key: str
    ) -> tuple[Assembly, bool]:
        today = self._clock.today()
        statutes = AssemblyRules.of(self._rules, principal.entity, today)
        problem = convocation_problem(request.starts_at.date(), today, statutes.notice_days)
        if problem:
            raise Unprocessable(problem)
        agenda = agenda_of(request.agenda, statutes)

        async def convene(tx: Transaction) -> Assembly:
            holdings: dict[str, dict[str, Any]] = defaultdict(
                lambda: {"shares": 0, "categories": set()}
            )
            for lot in await Subscriptions(tx).holders(principal.entity, today):
                holdings[lot["member_id"]]["shares"] += lot["outstanding"]
                holdings[lot["member_id"]]["categories"].add(lot["category"])
            if not holdings:
                raise Unprocessable("no shareholder of record to convene: the register is empty")
            assembly_id = str(uuid.uuid4())
            assembly = {
                "_id": assembly_id,
                "entity": principal.entity,
                "kind": request.kind,
                "title": request.title,
                "starts_at": request.starts_at,
                "place": request.place,
                "online_link": str(request.online_link) if request.online_link else None,
                "agenda": agenda,
                "documents": [
                    {"title": document.title, "url": str(document.url)}
                    for document in request.documents
                ],
                "status": "convened",
                "record_date": today.isoformat(),
                "entitled": len(holdings),
                "convocations_sent": 0,
                "convened_at": self._clock.now(),
                "convened_by": principal.subject,
                "voting": {"opened_at": None, "closes_at": None, "closed_at": None},
                "decision_rules": {
                    kind: {
                        "majority": str(rule.majority),
                        "strictly_more": rule.strictly_more,
                        "abstentions_cast": rule.abstentions_cast,
                        "quorum": str(rule.quorum),
                    }
                    for kind, rule in statutes.decisions.items()
                },
                "weighting": statutes.weighting,
                "max_proxies": statutes.max_proxies,
                "present": None,
                "results": None,
            }
            await Assemblies(tx).add(assembly)
            members = sorted(holdings)
            await Roll(tx).add(
                [
                    {
                        "_id": roll_key(assembly_id, member_id),
                        "assembly_id": assembly_id,
                        "member_id": member_id,
                        "shares": holdings[member_id]["shares"],
                        "categories": sorted(holdings[member_id]["categories"]),
                        "proxies_held": 0,
                        "gave_proxy": False,
                        "convocation": None,
                    }
                    for member_id in members
                ]
            )
            batches = (len(members) + BATCH - 1) // BATCH
            for batch in range(batches):
                await tx.record_event(
                    AssemblyConvocation(
                        assembly_id=assembly_id,
                        entity=principal.entity,
                        kind=request.kind,
                        title=request.title,
                        starts_at=request.starts_at,
                        place=request.place,
                        online_link=assembly["online_link"],
                        agenda=[
                            AgendaLine(title=item["title"], decision=item["decision"])
                            for item in agenda
                        ],
                        record_date=today,
                        member_ids=members[batch * BATCH : (batch + 1) * BATCH],
                        batch=batch + 1,
                        batches=batches,
                    ),
                    subject=assembly_id,
                    entity=principal.entity,
                    correlation_id=assembly_id,
                )
            return assembly_view(assembly)

        return await run_idempotent_as(
            Assembly,
            self._uow,
            scope=f"assembly:{principal.entity}",
            key=idempotency_key,
            request_fingerprint=fingerprint(request),
            create=convene,
        )
