"""Composition root of the governance service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from smart_common.clock import Clock
from smart_common.http import create_app
from smart_common.member_erasure import ErasureSweep
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_governance import api
from smart_governance.adapters.repositories import ensure_indexes
from smart_governance.bus import CATALOGUE, Governance
from smart_governance.queries import GovernanceQueries
from smart_governance.reactions.on_data_export_requested import OnDataExportRequested
from smart_governance.reactions.on_erasure_requested import ERASABLES, OnErasureRequested
from smart_governance.reactions.on_member_registered import OnMemberRegistered
from smart_governance.settings import GovernanceSettings
from smart_governance.use_cases.subscribe_shares import SubscribeShares

DESCRIPTION = "The share register; general assemblies and votes come next."


def asyncapi() -> dict[str, Any]:
    return CATALOGUE.asyncapi(service="governance", description=DESCRIPTION)


def build_app(
    settings: GovernanceSettings | None = None,
    rules: RuleBook | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or GovernanceSettings()
    runtime = ServiceRuntime(settings, publishes=CATALOGUE.published, clock=clock)
    uow, clock, rules = runtime.uow, runtime.clock, rules or default_rule_book()
    governance = Governance(
        subscribe_shares=SubscribeShares(uow, rules, clock),
        queries=GovernanceQueries(uow),
    )
    CATALOGUE.subscribe(
        runtime,
        [
            OnMemberRegistered(),
            OnDataExportRequested(runtime.personal_data),
            OnErasureRequested(rules, clock, runtime.personal_data),
        ],
    )
    runtime.on_indexes(ensure_indexes)
    runtime.worker(
        "erasure-sweep", ErasureSweep(uow, clock, ERASABLES).sweep, settings.erasure_sweep_seconds
    )
    return create_app(
        runtime,
        title="Smart governance",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=governance,
    )
