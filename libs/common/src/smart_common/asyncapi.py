"""AsyncAPI 3.0 documents generated from the event contracts a service publishes and consumes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from smart_common.events.envelope import EventData

CLOUD_EVENT_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": [
        "ce_specversion",
        "ce_id",
        "ce_source",
        "ce_type",
        "ce_time",
        "ce_subject",
        "ce_entity",
        "ce_correlationid",
    ],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string", "description": "Unique event id (consumers deduplicate on it)"},
        "ce_source": {"type": "string"},
        "ce_type": {"type": "string", "description": "Versioned event type"},
        "ce_time": {"type": "string", "format": "date-time"},
        "ce_subject": {"type": "string", "description": "Aggregate id, also the Kafka key"},
        "ce_entity": {"type": "string", "description": "Country entity, e.g. BE"},
        "ce_correlationid": {
            "type": "string",
            "description": "The job (saga) the event belongs to",
        },
        "traceparent": {"type": "string", "description": "W3C trace context"},
        "content-type": {"type": "string", "const": "application/json"},
    },
}


def _message_name(model: type[EventData]) -> str:
    return model.__name__


def build_asyncapi(
    *,
    service: str,
    description: str,
    publishes: Iterable[type[EventData]],
    consumes: Iterable[type[EventData]],
) -> dict[str, Any]:
    publishes, consumes = list(publishes), list(consumes)
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for model in [*publishes, *consumes]:
        name = _message_name(model)
        schema = model.model_json_schema(
            ref_template="#/components/schemas/{model}", mode="serialization"
        )
        for def_name, definition in schema.pop("$defs", {}).items():
            schemas[def_name] = definition
        schemas[name] = schema
        messages[name] = {
            "name": model.event_type,
            "title": name,
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
            "payload": {"$ref": f"#/components/schemas/{name}"},
            "bindings": {"kafka": {"key": {"type": "string", "description": "aggregate id"}}},
        }
        channel = channels.setdefault(
            model.stream.replace(".", "_"),
            {"address": model.stream, "messages": {}},
        )
        channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
    schemas["CloudEventHeaders"] = CLOUD_EVENT_HEADERS
    operations: dict[str, Any] = {}
    for action, models in (("send", publishes), ("receive", consumes)):
        for model in models:
            channel_id = model.stream.replace(".", "_")
            operations[f"{action}{_message_name(model)}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "messages": [{"$ref": f"#/channels/{channel_id}/messages/{_message_name(model)}"}],
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"smart {service} events",
            "version": "1.0.0",
            "description": description,
        },
        "defaultContentType": "application/json",
        "servers": {
            "kafka": {
                "host": "localhost:9092",
                "protocol": "kafka",
                "description": "topic names take the deployment's prefix, if any",
            }
        },
        "channels": dict(sorted(channels.items())),
        "operations": dict(sorted(operations.items())),
        "components": {
            "messages": dict(sorted(messages.items())),
            "schemas": dict(sorted(schemas.items())),
        },
    }
