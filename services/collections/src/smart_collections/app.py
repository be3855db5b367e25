"""Composition root of the collections service."""

from __future__ import annotations

from fastapi import FastAPI

from smart_collections import api, consumers
from smart_collections.adapters.repositories import ensure_indexes
from smart_collections.handlers import CollectionsHandlers
from smart_collections.settings import CollectionsSettings
from smart_common.asyncapi import build_asyncapi
from smart_common.clock import Clock
from smart_common.events.collections import (
    PaymentReceived,
    ReceivableAdjusted,
    ReceivableOpened,
    SalaryGuaranteed,
)
from smart_common.http import create_app
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime

PUBLISHED = (ReceivableOpened, PaymentReceived, SalaryGuaranteed, ReceivableAdjusted)
DESCRIPTION = "Receivables, payments matched by structured communication, the salary guarantee."


def asyncapi() -> dict:
    return build_asyncapi(
        service="collections",
        description=DESCRIPTION,
        publishes=PUBLISHED,
        consumes=consumers.CONSUMED,
    )


def build_app(
    settings: CollectionsSettings | None = None,
    rules: RuleBook | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or CollectionsSettings()
    runtime = ServiceRuntime(settings, publishes=PUBLISHED, clock=clock)
    handlers = CollectionsHandlers(runtime.uow, rules or default_rule_book(), runtime.clock)
    runtime.on_indexes(ensure_indexes)
    runtime.worker("salary-guarantee", handlers.run_guarantee, settings.guarantee_interval_seconds)
    consumers.subscribe(runtime, handlers)
    return create_app(
        runtime,
        title="Smart collections",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=handlers,
    )
