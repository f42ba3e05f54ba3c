"""Run one service as its own process: `python -m services.<name>`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import uvicorn

from shared.logging import configure_logging, get_logger
from shared.settings import ServiceSettings


def run_service(build: Callable[[Any], Any], settings: ServiceSettings) -> int:
    """Configure logging, build the app and serve it until SIGINT / SIGTERM."""
    configure_logging(settings.service_name, json=settings.log_json, level=settings.log_level)
    log = get_logger(__name__)
    app = build(settings)
    log.info(
        "service.starting",
        http=f"http://{settings.http_host}:{settings.http_port}",
        store=settings.resolved_store_url(),
        namespace=settings.namespace,
    )
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    return 0
