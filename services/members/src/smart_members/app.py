"""Composition root of the members service."""

from __future__ import annotations

from fastapi import FastAPI

from smart_common.asyncapi import build_asyncapi
from smart_common.clock import Clock
from smart_common.events.members import (
    ActivityUpdated,
    ClientRegistered,
    JobCancelled,
    JobDeclared,
    LongContractDeclared,
    MemberBecameShareholder,
    MemberRegistered,
)
from smart_common.http import create_app
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_common.worker_identity import WorkerIdentityChannel
from smart_members import api, consumers
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import ensure_indexes
from smart_members.domain.jobs import DeclarationWindow
from smart_members.handlers import MembersHandlers
from smart_members.settings import MembersSettings
from smart_members.watchdog import SagaWatchdog

PUBLISHED = (
    MemberRegistered,
    MemberBecameShareholder,
    ActivityUpdated,
    ClientRegistered,
    JobDeclared,
    JobCancelled,
    LongContractDeclared,
)
DESCRIPTION = "Members, logins, clients, job declarations and the job timeline."


def asyncapi() -> dict:
    return build_asyncapi(
        service="members", description=DESCRIPTION, publishes=PUBLISHED, consumes=consumers.CONSUMED
    )


def build_app(
    settings: MembersSettings | None = None,
    rules: RuleBook | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or MembersSettings()
    runtime = ServiceRuntime(settings, publishes=PUBLISHED, clock=clock)
    handlers = MembersHandlers(
        runtime.uow,
        rules or default_rule_book(),
        PasswordHashing(),
        runtime.token_codec,
        runtime.personal_data,
        WorkerIdentityChannel(settings.worker_identity_key),
        settings.entity,
        runtime.clock,
        DeclarationWindow(settings.job_start_max_days_past, settings.job_start_max_days_ahead),
    )
    runtime.on_indexes(ensure_indexes)
    runtime.on_startup(
        lambda: handlers.ensure_admin(
            settings.admin_email, settings.admin_password.get_secret_value()
        )
    )
    consumers.subscribe(runtime, handlers)
    watchdog = SagaWatchdog(runtime.uow, runtime.clock, settings.stalled_after)
    runtime.worker("saga-watchdog", watchdog.stalled, settings.watchdog_interval_seconds)
    app = create_app(
        runtime,
        title="Smart members",
        description=DESCRIPTION,
        routers=[api.router],
        asyncapi=asyncapi(),
        container=handlers,
    )
    app.state.watchdog = watchdog
    return app
