"""The board convenes a general assembly: its agenda (each item with the kind of decision the
statutes give it, or an election of the board) and its record date (today) — refused when the
convocation would leave later than the statutes' notice, or when nobody holds a share. The
assembly is ``convening`` until ``draw_up_roll`` has written its roll (the shareholders of
record) and the convocations, batch by batch."""

from __future__ import annotations

import uuid
from typing import Any

from smart_common.auth import Principal
from smart_common.bus import UseCase
from smart_common.clock import Clock
from smart_common.events.governance import AgendaLine, AssemblyConvened
from smart_common.idempotency import fingerprint, run_idempotent_as
from smart_common.persistence import Transaction, UnitOfWork
from smart_common.problems import Unprocessable
from smart_common.rulepacks import RuleBook
from smart_governance.adapters.repositories import Assemblies, Subscriptions
from smart_governance.domain.assemblies import ELECTION, convocation_problem
from smart_governance.schemas import AgendaItemIn, Assembly, AssemblyIn
from smart_governance.statutes import AssemblyRules
from smart_governance.views import assembly_view


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
    raises = (AssemblyConvened,)

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
            if not await Subscriptions(tx).any_holder(principal.entity, today):
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
                "status": "convening",
                "record_date": today.isoformat(),
                "roll_cursor": "",
                "convocation_batches": 0,
                "entitled": 0,
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
            await tx.record_event(
                AssemblyConvened(
                    assembly_id=assembly_id,
                    entity=principal.entity,
                    kind=request.kind,
                    title=request.title,
                    starts_at=request.starts_at,
                    agenda=[
                        AgendaLine(title=item["title"], decision=item["decision"])
                        for item in agenda
                    ],
                    record_date=today,
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
