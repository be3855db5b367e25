"""Process entry point shared by the services: settings, logging, uvicorn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from smart_common.settings import ServiceSettings
from smart_common.telemetry import configure_logging


def serve[S: ServiceSettings](build_app: Callable[[S], FastAPI], settings_type: type[S]) -> None:
    try:
        settings = settings_type()
    except ValidationError as error:
        raise SystemExit(f"invalid settings for {settings_type.__name__}:\n{error}") from None
    configure_logging(settings)
    app = build_app(settings)
    config: dict[str, Any] = {
        "host": settings.http_host,
        "port": settings.http_port,
        "log_config": None,
        "access_log": False,
        # in-flight requests finish (a contended transaction may wait seconds) before a stop
        "timeout_graceful_shutdown": 12,
    }
    uvicorn.run(app, **config)
