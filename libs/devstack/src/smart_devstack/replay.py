"""Re-publish every service's outbox: the memory-only embedded broker forgets its log on restart.

Consumers are idempotent (inbox), so a replay only fills in what the broker lost.
"""

from __future__ import annotations

from smart_common.messaging import replay_outbox
from smart_common.runtime import ServiceRuntime
from smart_common.settings import ServiceSettings
from smart_devstack.stack import SERVICES, Stack


async def replay_all(stack: Stack) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in SERVICES:
        environment = stack.service_env(name)
        settings = ServiceSettings(
            service_name=f"{name}-replay",
            kafka_bootstrap=environment["SMART_KAFKA_BOOTSTRAP"],
            mongodb_uri=environment["SMART_MONGODB_URI"],
            mongodb_database=name,
            topic_prefix=environment["SMART_TOPIC_PREFIX"],
        )
        runtime = ServiceRuntime(settings, publishes=())
        await runtime.broker.connect()
        try:
            counts[name] = await replay_outbox(runtime.uow, runtime.broker, settings)
        finally:
            await runtime.broker.stop()
            await runtime.mongo.close()
    return counts
