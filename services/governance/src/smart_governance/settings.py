"""Settings of the governance service."""

from __future__ import annotations

from smart_common.settings import ServiceSettings


class GovernanceSettings(ServiceSettings):
    service_name: str = "governance"
    http_port: int = 8005
    mongodb_database: str = "governance"
    roll_seconds: float = 2.0
    """How often the roll worker looks for an assembly being convened (it also wakes on a
    commit)."""
    vote_close_seconds: float = 5.0
    """How often the close worker looks for a vote whose ``closes_at`` has passed."""
