"""A member asked to be erased: their share subscriptions stay in the share register (the
statutes' register is kept while the cooperative exists); they are named by id only."""

from __future__ import annotations

from smart_common.events.governance import GovernanceErasureReport
from smart_common.member_data import Holding
from smart_common.member_erasure import Erasable, EraseMemberData
from smart_governance.adapters.repositories import MEMBERS, SUBSCRIPTIONS

ERASABLES = (
    Erasable(Holding(MEMBERS, field="_id"), (), "retention_share_register"),
    Erasable(Holding(SUBSCRIPTIONS), (), "retention_share_register"),
)


class OnErasureRequested(EraseMemberData):
    consumer = "governance-erasure"
    service = "governance"
    report = GovernanceErasureReport
    erasables = ERASABLES
