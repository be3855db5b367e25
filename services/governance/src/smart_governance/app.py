"""Composition root of the governance service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from smart_common.clock import Clock
from smart_common.http import create_app
from smart_common.member_erasure import ErasureSweep
from smart_common.rulepacks import RuleBook, default_rule_book
from smart_common.runtime import ServiceRuntime
from smart_governance import api, assemblies_api
from smart_governance.adapters.repositories import ensure_indexes
from smart_governance.bus import CATALOGUE, Governance
from smart_governance.queries import GovernanceQueries
from smart_governance.reactions.on_convocation_mailed import OnConvocationMailed
from smart_governance.reactions.on_data_export_requested import OnDataExportRequested
from smart_governance.reactions.on_erasure_requested import ERASABLES, OnErasureRequested
from smart_governance.reactions.on_member_registered import OnMemberRegistered
from smart_governance.settings import GovernanceSettings
from smart_governance.use_cases.cast_ballot import CastBallot
from smart_governance.use_cases.close_vote import CloseVote
from smart_governance.use_cases.convene_assembly import ConveneAssembly
from smart_governance.use_cases.draw_up_roll import DrawUpRoll
from smart_governance.use_cases.give_proxy import GiveProxy
from smart_governance.use_cases.open_vote import OpenVote
from smart_governance.use_cases.record_attendance import RecordAttendance
from smart_governance.use_cases.record_share_payment import RecordSharePayment
from smart_governance.use_cases.redeem_shares import DecideRedemption, RedeemShares
from smart_governance.use_cases.revoke_proxy import RevokeProxy
from smart_governance.use_cases.stand_for_election import StandForElection
from smart_governance.use_cases.subscribe_shares import SubscribeShares

DESCRIPTION = (
    "The share register (subscriptions, payments, redemptions, extracts) and the general "
    "assemblies: convocation, proxies, attendance, the secret electronic vote with receipts, "
    "board elections, results and minutes."
)


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
    close_vote = CloseVote(uow, clock)
    governance = Governance(
        subscribe_shares=SubscribeShares(uow, rules, clock),
        record_share_payment=RecordSharePayment(uow, clock),
        redeem_shares=RedeemShares(uow, rules, clock),
        decide_redemption=DecideRedemption(uow, clock),
        convene_assembly=ConveneAssembly(uow, rules, clock),
        give_proxy=GiveProxy(uow, clock),
        revoke_proxy=RevokeProxy(uow, clock),
        record_attendance=RecordAttendance(uow, clock),
        stand_for_election=StandForElection(uow, clock),
        open_vote=OpenVote(uow, clock),
        cast_ballot=CastBallot(uow, clock),
        close_vote=close_vote,
        queries=GovernanceQueries(uow, rules, clock),
    )
    CATALOGUE.subscribe(
        runtime,
        [
            OnMemberRegistered(),
            OnConvocationMailed(),
            OnDataExportRequested(runtime.personal_data),
            OnErasureRequested(rules, clock, runtime.personal_data),
        ],
    )
    runtime.on_indexes(ensure_indexes)
    runtime.worker(
        "erasure-sweep", ErasureSweep(uow, clock, ERASABLES).sweep, settings.erasure_sweep_seconds
    )
    runtime.worker(
        "assembly-roll", DrawUpRoll(uow, clock), settings.roll_seconds, wake_on_commit=True
    )
    runtime.worker("vote-close", close_vote.close_due, settings.vote_close_seconds)
    return create_app(
        runtime,
        title="Smart governance",
        description=DESCRIPTION,
        routers=[api.router, assemblies_api.router],
        asyncapi=asyncapi(),
        container=governance,
    )
