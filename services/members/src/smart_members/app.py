"""Composition root of the members service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from smart_common.clock import Clock
from smart_common.http import create_app
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_common.worker_identity import WorkerIdentityChannel
from smart_members import api
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import ensure_indexes
from smart_members.bus import CATALOGUE, Members
from smart_members.domain.jobs import DeclarationWindow
from smart_members.payroll_terms import PayrollTermsInForce
from smart_members.queries import MemberQueries
from smart_members.reactions.on_payroll_terms_published import OnPayrollTermsPublished
from smart_members.reactions.on_quote_confirmed import OnQuoteConfirmed
from smart_members.reactions.on_share_subscribed import OnShareSubscribed
from smart_members.reactions.on_worker_identity_corrected import OnWorkerIdentityCorrected
from smart_members.reactions.timeline import RecordTimeline
from smart_members.settings import MembersSettings
from smart_members.use_cases.add_client import AddClient
from smart_members.use_cases.assign_counsellor import AssignCounsellor
from smart_members.use_cases.cancel_job import CancelJob
from smart_members.use_cases.declare_job import DeclareJob
from smart_members.use_cases.declare_long_contract import DeclareLongContract
from smart_members.use_cases.ensure_admin import EnsureAdmin
from smart_members.use_cases.grant_role import GrantRole
from smart_members.use_cases.job_declaration import JobDeclaration
from smart_members.use_cases.log_in import LogIn
from smart_members.use_cases.log_out import LogOut
from smart_members.use_cases.refresh_session import RefreshSession
from smart_members.use_cases.register_member import RegisterMember
from smart_members.use_cases.sessions import Sessions
from smart_members.use_cases.set_activity import SetActivity
from smart_members.use_cases.snapshots import WorkerSnapshots
from smart_members.use_cases.update_profile import UpdateProfile
from smart_members.use_cases.withdraw_role import WithdrawRole
from smart_members.watchdog import SagaWatchdog

DESCRIPTION = "Members, logins, clients, job declarations and the job timeline."


def asyncapi() -> dict[str, Any]:
    return CATALOGUE.asyncapi(service="members", description=DESCRIPTION)


def build_app(
    settings: MembersSettings | None = None,
    rules: RuleBook | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    settings = settings or MembersSettings()
    rules = rules or default_rule_book()
    runtime = ServiceRuntime(settings, publishes=CATALOGUE.published, clock=clock)
    uow, clock = runtime.uow, runtime.clock
    passwords = PasswordHashing()
    identities = WorkerIdentityChannel(settings.worker_identity_key)
    workers = WorkerSnapshots(runtime.personal_data, identities)
    terms = PayrollTermsInForce(uow)
    sessions = Sessions(
        runtime.token_codec, clock, timedelta(seconds=settings.refresh_token_ttl_seconds)
    )
    declaration = JobDeclaration(
        rules,
        terms,
        clock,
        DeclarationWindow(settings.job_start_max_days_past, settings.job_start_max_days_ahead),
        workers,
    )
    members = Members(
        register_member=RegisterMember(
            uow, passwords, runtime.personal_data, clock, settings.entity
        ),
        log_in=LogIn(
            uow,
            passwords,
            sessions,
            clock,
            settings.login_throttling(settings.login_free_failures_per_account),
            settings.login_throttling(settings.login_free_failures_per_address),
        ),
        add_client=AddClient(uow, clock, settings.entity),
        declare_job=DeclareJob(uow, declaration),
        declare_long_contract=DeclareLongContract(uow, rules, terms, clock, workers),
        update_profile=UpdateProfile(uow),
        set_activity=SetActivity(uow),
        cancel_job=CancelJob(uow, clock),
        refresh_session=RefreshSession(uow, sessions, clock),
        log_out=LogOut(uow, clock),
        grant_role=GrantRole(uow, clock, settings.entity),
        withdraw_role=WithdrawRole(uow, clock, settings.entity),
        assign_counsellor=AssignCounsellor(uow, clock, settings.entity),
        queries=MemberQueries(uow, terms, settings.entity, clock),
    )
    CATALOGUE.subscribe(
        runtime,
        [
            RecordTimeline(),
            OnShareSubscribed(),
            OnQuoteConfirmed(declaration),
            OnWorkerIdentityCorrected(runtime.personal_data, identities),
            OnPayrollTermsPublished(),
        ],
    )
    ensure_admin = EnsureAdmin(uow, passwords, clock, settings.entity)
    runtime.on_indexes(ensure_indexes)
    runtime.on_startup(
        lambda: ensure_admin(settings.admin_email, settings.admin_password.get_secret_value())
    )
    watchdog = SagaWatchdog(uow, clock, settings.stalled_after)
    runtime.worker("saga-watchdog", watchdog.stalled, settings.watchdog_interval_seconds)
    app = create_app(
        runtime,
        title="Smart members",
        description=DESCRIPTION,
        routers=[api.router, api.well_known],
        asyncapi=asyncapi(),
        container=members,
    )
    app.state.watchdog = watchdog
    return app
