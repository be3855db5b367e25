"""Everything the governance service does, registered once: what it publishes (its topics,
its AsyncAPI document) is derived from here."""

from __future__ import annotations

from dataclasses import dataclass

from smart_common.bus import Catalogue
from smart_governance.queries import GovernanceQueries
from smart_governance.reactions.on_data_export_requested import OnDataExportRequested
from smart_governance.reactions.on_erasure_requested import OnErasureRequested
from smart_governance.reactions.on_member_registered import OnMemberRegistered
from smart_governance.use_cases.subscribe_shares import SubscribeShares

CATALOGUE = Catalogue(
    use_cases=(SubscribeShares,),
    reactions=(OnMemberRegistered, OnDataExportRequested, OnErasureRequested),
)


@dataclass(frozen=True)
class Governance:
    """What the routes reach: the use cases and the read side (one typed dependency)."""

    subscribe_shares: SubscribeShares
    queries: GovernanceQueries
