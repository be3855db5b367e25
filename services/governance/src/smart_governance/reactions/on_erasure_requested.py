"""A member asked to be erased: their share subscriptions stay in the share register (the
statutes' register is kept while the cooperative exists), and so do the assemblies' rolls,
attendance, proxies and voters' lists the minutes rest on; they are named by id only."""

from __future__ import annotations

from smart_common.events.governance import GovernanceErasureReport
from smart_common.member_erasure import Erasable, EraseMemberData
from smart_governance.adapters.repositories import HOLDINGS

ERASABLES = tuple(Erasable(holding, (), "retention_share_register") for holding in HOLDINGS)


class OnErasureRequested(EraseMemberData):
    consumer = "governance-erasure"
    service = "governance"
    report = GovernanceErasureReport
    erasables = ERASABLES
