"""HTTP parts every service shares: correlation ids, error mapping, health, readiness, metrics."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.context import Causality, caused_by
from shared.errors import DomainError
from shared.logging import get_logger
from shared.store import DuplicateKeyError, InvalidQueryError, VersionConflictError

if TYPE_CHECKING:
    from shared.service import Runtime

CORRELATION_HEADER = "x-correlation-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
log = get_logger(__name__)


class CorrelationMiddleware:
    """Take the caller's correlation id (or make one), bind it, echo it on the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode("latin-1") for k, v in scope["headers"]}
        given = headers.get(CORRELATION_HEADER, "")
        request_id = str(uuid.uuid4())
        correlation_id = given if _SAFE_ID.match(given) else request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"].append((CORRELATION_HEADER.encode(), correlation_id.encode()))
            await send(message)

        causality = Causality(correlation_id=correlation_id, causation_id=request_id)
        with caused_by(causality, request_id=request_id):
            await self.app(scope, receive, send_with_id)


def _error(status: int, code: str, reason: str, **details: object) -> JSONResponse:
    return JSONResponse({"error": code, "reason": reason, **details}, status_code=status)


def install(app: FastAPI, runtime: Runtime) -> None:
    """Add the middleware, error handlers and the /health, /ready, /metrics endpoints."""
    app.add_middleware(CorrelationMiddleware)

    @app.exception_handler(DomainError)
    async def domain_error(_: Request, exc: DomainError) -> JSONResponse:
        runtime.metrics.http_errors(str(exc.status)).inc()
        return _error(exc.status, exc.code, exc.reason, **exc.details)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        runtime.metrics.http_errors("422").inc()
        fields = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ())[1:]) or "body",
                "reason": err.get("msg", "invalid"),
            }
            for err in exc.errors()
        ]
        return _error(422, "validation_failed", "the request has invalid fields", fields=fields)

    @app.exception_handler(VersionConflictError)
    async def version_conflict(_: Request, exc: VersionConflictError) -> JSONResponse:
        runtime.metrics.http_errors("409").inc()
        return _error(409, "concurrent_update", "changed by someone else meanwhile; retry")

    @app.exception_handler(DuplicateKeyError)
    async def duplicate(_: Request, exc: DuplicateKeyError) -> JSONResponse:
        runtime.metrics.http_errors("409").inc()
        return _error(409, "duplicate", f"already exists in {exc.collection}")

    @app.exception_handler(InvalidQueryError)
    async def bad_query(_: Request, exc: InvalidQueryError) -> JSONResponse:
        runtime.metrics.http_errors("400").inc()
        return _error(400, "bad_query", str(exc))

    @app.get("/health", tags=["ops"], summary="The process is alive")
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": runtime.settings.service_name}

    @app.get("/ready", tags=["ops"], summary="Broker connected and store open")
    async def ready() -> JSONResponse:
        checks = await runtime.readiness()
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not_ready", "checks": checks},
            status_code=200 if ok else 503,
        )

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)
