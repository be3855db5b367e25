"""Settings of the activities service."""

from __future__ import annotations

from smart_common.settings import ServiceSettings


class ActivitiesSettings(ServiceSettings):
    service_name: str = "activities"
    http_port: int = 8006
    mongodb_database: str = "activities"
