"""Everything the governance service does, registered once: what it publishes (its topics,
its AsyncAPI document) is derived from here."""

from __future__ import annotations

from dataclasses import dataclass

from smart_common.bus import Catalogue
from smart_governance.queries import GovernanceQueries
from smart_governance.reactions.on_convocation_mailed import OnConvocationMailed
from smart_governance.reactions.on_data_export_requested import OnDataExportRequested
from smart_governance.reactions.on_erasure_requested import OnErasureRequested
from smart_governance.reactions.on_member_registered import OnMemberRegistered
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

CATALOGUE = Catalogue(
    use_cases=(
        SubscribeShares,
        RecordSharePayment,
        RedeemShares,
        DecideRedemption,
        ConveneAssembly,
        DrawUpRoll,
        CloseVote,
    ),
    reactions=(OnMemberRegistered, OnConvocationMailed, OnDataExportRequested, OnErasureRequested),
)


@dataclass(frozen=True)
class Governance:
    """What the routes reach: the use cases and the read side (one typed dependency)."""

    subscribe_shares: SubscribeShares
    record_share_payment: RecordSharePayment
    redeem_shares: RedeemShares
    decide_redemption: DecideRedemption
    convene_assembly: ConveneAssembly
    give_proxy: GiveProxy
    revoke_proxy: RevokeProxy
    record_attendance: RecordAttendance
    stand_for_election: StandForElection
    open_vote: OpenVote
    cast_ballot: CastBallot
    close_vote: CloseVote
    queries: GovernanceQueries
