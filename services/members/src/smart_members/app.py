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
from smart_members import api, data_export_api, erasure_api
from smart_members.adapters.data_exports import ensure_data_export_indexes
from smart_members.adapters.erasures import ensure_erasure_indexes
from smart_members.adapters.mailer import SmtpMailer
from smart_members.adapters.passwords import PasswordHashing
from smart_members.adapters.repositories import bookkeeping, ensure_indexes
from smart_members.bus import CATALOGUE, Members
from smart_members.domain.jobs import DeclarationWindow
from smart_members.payroll_terms import PayrollTermsInForce
from smart_members.queries import MemberQueries
from smart_members.reactions.on_activity_opened import OnActivityOpened
from smart_members.reactions.on_assembly_convocation import OnAssemblyConvocation
from smart_members.reactions.on_data_export_part import OnDataExportPart
from smart_members.reactions.on_erasure_report import OnErasureReport
from smart_members.reactions.on_payroll_terms_published import OnPayrollTermsPublished
from smart_members.reactions.on_quote_confirmed import OnQuoteConfirmed
from smart_members.reactions.on_salary_requested import OnSalaryRequested
from smart_members.reactions.on_share_register_changed import OnShareRegisterChanged
from smart_members.reactions.on_worker_identity_corrected import OnWorkerIdentityCorrected
from smart_members.reactions.timeline import RecordTimeline
from smart_members.settings import MembersSettings
from smart_members.use_cases.account_mail import AccountMails
from smart_members.use_cases.add_client import AddClient
from smart_members.use_cases.assign_counsellor import AssignCounsellor
from smart_members.use_cases.cancel_job import CancelJob
from smart_members.use_cases.change_password import ChangePassword
from smart_members.use_cases.data_export_upkeep import DataExportUpkeep
from smart_members.use_cases.declare_job import DeclareJob
from smart_members.use_cases.declare_long_contract import DeclareLongContract
from smart_members.use_cases.download_data_export import DownloadDataExport
from smart_members.use_cases.ensure_admin import EnsureAdmin
from smart_members.use_cases.erase_member import EraseMember
from smart_members.use_cases.grant_role import GrantRole
from smart_members.use_cases.job_declaration import JobDeclaration
from smart_members.use_cases.log_in import LogIn
from smart_members.use_cases.log_out import LogOut
from smart_members.use_cases.refresh_session import RefreshSession
from smart_members.use_cases.register_member import RegisterMember
from smart_members.use_cases.request_data_export import RequestDataExport
from smart_members.use_cases.request_password_reset import RequestPasswordReset
from smart_members.use_cases.resend_verification import ResendVerification
from smart_members.use_cases.reset_password import ResetPassword
from smart_members.use_cases.review_first_job import ReviewFirstJob
from smart_members.use_cases.send_account_mail import SendAccountMail
from smart_members.use_cases.sessions import Sessions
from smart_members.use_cases.set_activity import SetActivity
from smart_members.use_cases.snapshots import WorkerSnapshots
from smart_members.use_cases.update_profile import UpdateProfile
from smart_members.use_cases.verify_email import VerifyEmail
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
    mails = AccountMails(
        settings.account_link_key.get_secret_value().encode(),
        settings.public_base_url,
        clock,
        timedelta(hours=settings.email_verification_hours),
        timedelta(minutes=settings.password_reset_minutes),
        settings.account_mails_per_hour,
    )
    sessions = Sessions(
        runtime.token_codec, clock, timedelta(seconds=settings.refresh_token_ttl_seconds)
    )
    download_window = timedelta(days=settings.data_export_download_days)
    upkeep = DataExportUpkeep(uow, clock, timedelta(hours=settings.data_export_stalled_hours))
    declaration = JobDeclaration(
        rules,
        terms,
        clock,
        DeclarationWindow(settings.job_start_max_days_past, settings.job_start_max_days_ahead),
        workers,
    )
    members = Members(
        register_member=RegisterMember(
            uow, passwords, runtime.personal_data, clock, settings.entity, mails
        ),
        verify_email=VerifyEmail(uow, mails, clock),
        resend_verification=ResendVerification(uow, mails),
        request_password_reset=RequestPasswordReset(uow, mails),
        reset_password=ResetPassword(uow, passwords, mails, clock),
        change_password=ChangePassword(uow, passwords, clock),
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
        review_first_job=ReviewFirstJob(uow, declaration, clock),
        declare_long_contract=DeclareLongContract(uow, rules, terms, clock, workers),
        update_profile=UpdateProfile(uow),
        set_activity=SetActivity(uow),
        cancel_job=CancelJob(uow, clock),
        refresh_session=RefreshSession(uow, sessions, clock),
        log_out=LogOut(uow, clock),
        grant_role=GrantRole(uow, clock, settings.entity),
        withdraw_role=WithdrawRole(uow, clock, settings.entity),
        assign_counsellor=AssignCounsellor(uow, clock, settings.entity),
        request_data_export=RequestDataExport(
            uow,
            runtime.personal_data,
            clock,
            settings.member_data_services,
            settings.data_exports_per_day,
            download_window,
        ),
        download_data_export=DownloadDataExport(uow, runtime.personal_data, clock),
        data_export_upkeep=upkeep,
        erase_member=EraseMember(
            uow, passwords, runtime.personal_data, rules, clock, settings.member_data_services
        ),
        queries=MemberQueries(uow, terms, settings.entity, clock, runtime.personal_data_reads),
    )
    CATALOGUE.subscribe(
        runtime,
        [
            RecordTimeline(),
            OnShareRegisterChanged(),
            OnAssemblyConvocation(clock),
            OnActivityOpened(),
            OnSalaryRequested(workers),
            OnQuoteConfirmed(declaration),
            OnWorkerIdentityCorrected(runtime.personal_data, identities),
            OnPayrollTermsPublished(),
            OnDataExportPart(mails, clock, download_window),
            OnErasureReport(clock),
        ],
    )
    ensure_admin = EnsureAdmin(uow, passwords, clock, settings.entity)
    runtime.on_indexes(ensure_indexes)
    runtime.on_indexes(ensure_data_export_indexes)
    runtime.on_indexes(ensure_erasure_indexes)
    runtime.worker("data-export-expiry", upkeep.expire, 600)
    for retention in bookkeeping(timedelta(seconds=settings.login_failure_window_seconds)):
        runtime.sweeper.keep(retention)
    runtime.on_startup(
        lambda: ensure_admin(settings.admin_email, settings.admin_password.get_secret_value())
    )
    mailer = SmtpMailer(settings.smtp_host, settings.smtp_port, settings.mail_from)
    runtime.worker(
        "account-mail",
        SendAccountMail(uow, mailer, clock, settings.mail_max_attempts),
        settings.mail_interval_seconds,
        wake_on_commit=True,
    )
    watchdog = SagaWatchdog(uow, clock, settings.stalled_after)
    runtime.worker("saga-watchdog", watchdog.stalled, settings.watchdog_interval_seconds)
    app = create_app(
        runtime,
        title="Smart members",
        description=DESCRIPTION,
        routers=[api.router, data_export_api.router, erasure_api.router, api.well_known],
        asyncapi=asyncapi(),
        container=members,
    )
    app.state.watchdog = watchdog
    return app
