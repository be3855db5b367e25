"""Everything the members service does, registered once: what it publishes and consumes (its
topics, its AsyncAPI document) is derived from here."""

from __future__ import annotations

from dataclasses import dataclass

from smart_common.bus import Catalogue
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
from smart_members.use_cases.set_activity import SetActivity
from smart_members.use_cases.update_profile import UpdateProfile
from smart_members.use_cases.verify_email import VerifyEmail
from smart_members.use_cases.withdraw_role import WithdrawRole

CATALOGUE = Catalogue(
    use_cases=(
        EnsureAdmin,
        RegisterMember,
        VerifyEmail,
        ResendVerification,
        RequestPasswordReset,
        ResetPassword,
        ChangePassword,
        SendAccountMail,
        LogIn,
        RefreshSession,
        LogOut,
        SetActivity,
        AddClient,
        DeclareJob,
        ReviewFirstJob,
        CancelJob,
        DeclareLongContract,
        UpdateProfile,
        GrantRole,
        WithdrawRole,
        AssignCounsellor,
        RequestDataExport,
        DownloadDataExport,
        EraseMember,
    ),
    reactions=(
        RecordTimeline,
        OnShareRegisterChanged,
        OnAssemblyConvocation,
        OnActivityOpened,
        OnSalaryRequested,
        OnQuoteConfirmed,
        OnWorkerIdentityCorrected,
        OnPayrollTermsPublished,
        OnDataExportPart,
        OnErasureReport,
    ),
)


@dataclass(frozen=True)
class Members:
    """What the routes reach: the use cases and the read side (one typed dependency)."""

    register_member: RegisterMember
    verify_email: VerifyEmail
    resend_verification: ResendVerification
    request_password_reset: RequestPasswordReset
    reset_password: ResetPassword
    change_password: ChangePassword
    log_in: LogIn
    add_client: AddClient
    declare_job: DeclareJob
    review_first_job: ReviewFirstJob
    declare_long_contract: DeclareLongContract
    update_profile: UpdateProfile
    set_activity: SetActivity
    cancel_job: CancelJob
    refresh_session: RefreshSession
    log_out: LogOut
    grant_role: GrantRole
    withdraw_role: WithdrawRole
    assign_counsellor: AssignCounsellor
    request_data_export: RequestDataExport
    download_data_export: DownloadDataExport
    data_export_upkeep: DataExportUpkeep
    erase_member: EraseMember
    queries: MemberQueries
