"""Composition root of the governance service."""

from __future__ import annotations

from fastapi import FastAPI

from smart_common.asyncapi import build_asyncapi
from smart_common.clock import Clock
from smart_common.events.governance import ShareSubscribed
from smart_common.http import create_app
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_governance import api
from smart_governance.handlers import GovernanceHandlers, ensure_indexes
from smart_governance.settings import GovernanceSettings

PUBLISHED = (ShareSubscribed,)
DESCRIPTION = "The share register; general assemblies and votes come next."


def asyncapi() -> dict:
    return build_asyncapi(
        service="governance", description=DESCRIPTION, publishes=PUBLISHED, consumes=()
    )


def build_app(
    settings: GovernanceSettings | None = None,
    rules: RuleBook | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or GovernanceSettings()
    runtime = ServiceRuntime(settings, publishes=PUBLISHED, clock=clock)
    handlers = GovernanceHandlers(runtime.uow, rules or default_rule_book(), runtime.clock)
    runtime.on_indexes(ensure_indexes)
    return create_app(
        runtime,
        title="Smart governance",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=handlers,
    )
