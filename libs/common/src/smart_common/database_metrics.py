"""How many database commands a service sends: PyMongo command monitoring → a Prometheus
counter ``smart_db_commands_total{service,command,collection}``, read by ``bench/saga.py`` per
job."""

from __future__ import annotations

from prometheus_client import Counter
from pymongo import monitoring

DB_COMMANDS = Counter(
    "smart_db_commands",
    "Database commands sent, by service, command and collection",
    ["service", "command", "collection"],
)


class CommandCounter(monitoring.CommandListener):
    """Counts every command when it starts (failed ones cost a round trip too)."""

    def __init__(self, service: str):
        self._service = service

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        target = event.command.get(event.command_name)
        collection = target if isinstance(target, str) else ""
        DB_COMMANDS.labels(self._service, event.command_name, collection).inc()

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass
