"""HTTP parts every service shares: correlation ids, the body limit, problem details for every
error, health, readiness, metrics and the problem-type pages."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import problems
from shared.context import Causality, caused_by
from shared.errors import DomainError
from shared.logging import get_logger
from shared.store import (
    DuplicateKeyError,
    InvalidQueryError,
    StoreUnavailable,
    VersionConflictError,
)

if TYPE_CHECKING:
    from shared.service import Runtime

CORRELATION_HEADER = "x-correlation-id"
#: What a client is told to wait after a refused write (the store's disk was full).
STORE_RETRY_AFTER_SECONDS = 5
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
        given = ""
        for key, value in scope["headers"]:
            if key == b"x-correlation-id":
                given = value.decode("latin-1")
                break
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


class _BodyTooLarge(StarletteHTTPException):
    """Raised while the body streams in: FastAPI and Starlette pass HTTP exceptions through
    to the problem handler instead of calling it a parse failure."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


class BodyLimitMiddleware:
    """Answer 413 before parsing when a body is over the limit (by Content-Length, or while
    it streams in), so a 30 MB body is never read in full. `limits` maps a path pattern to a
    larger limit (photo and file uploads)."""

    def __init__(self, app: ASGIApp, *, limit: int, limits: Mapping[str, int] | None = None):
        self.app = app
        self.limit = limit
        self.limits = [(re.compile(p), n) for p, n in (limits or {}).items()]

    def limit_for(self, path: str) -> int:
        """The body limit of one path."""
        for pattern, limit in self.limits:
            if pattern.match(path):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        for key, value in scope["headers"]:
            if key == b"content-length":
                if not value.isdigit() or int(value) > limit:
                    await _too_large(scope, send, limit)
                    return
                break
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(scope, send, limit)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    response = problems.response(
        413, "too_large", f"request body over {limit} bytes", instance=scope["path"]
    )
    await response(scope, _ignore_receive, send)


async def _ignore_receive() -> Message:
    return {"type": "http.disconnect"}


def _field_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "body"
        out.append(
            {
                "field": ".".join(loc[1:]) or where,
                "location": where,
                "reason": str(err.get("msg", "invalid")),
            }
        )
    return out


def install_problems(app: FastAPI, count: Any = None) -> None:
    """Answer every refusal, framework or domain, as an RFC 9457 problem document."""

    def counted(status: int) -> None:
        if count is not None:
            count(str(status)).inc()

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        counted(exc.status)
        return problems.response(
            exc.status,
            exc.code,
            exc.reason,
            instance=request.url.path,
            headers=exc.headers,
            **exc.details,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            counted(400)
            return problems.response(
                400, "malformed_body", "the body is not valid JSON", instance=request.url.path
            )
        counted(422)
        return problems.response(
            422,
            "validation_failed",
            "the request has invalid fields",
            instance=request.url.path,
            errors=_field_errors(exc),
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        counted(exc.status_code)
        detail = exc.detail if isinstance(exc.detail, str) else "refused"
        if exc.status_code == 400 and "parsing the body" in detail:
            return problems.response(
                400, "malformed_body", "the body could not be parsed", instance=request.url.path
            )
        return problems.response(
            exc.status_code,
            problems.code_for_status(exc.status_code),
            detail,
            instance=request.url.path,
            headers=dict(exc.headers) if exc.headers else None,
        )

    @app.exception_handler(VersionConflictError)
    async def version_conflict(request: Request, _: VersionConflictError) -> JSONResponse:
        counted(409)
        return problems.response(
            409,
            "concurrent_update",
            "changed by someone else meanwhile; retry",
            instance=request.url.path,
        )

    @app.exception_handler(DuplicateKeyError)
    async def duplicate(request: Request, exc: DuplicateKeyError) -> JSONResponse:
        counted(409)
        return problems.response(
            409, "duplicate", f"already exists in {exc.collection}", instance=request.url.path
        )

    @app.exception_handler(InvalidQueryError)
    async def bad_query(request: Request, exc: InvalidQueryError) -> JSONResponse:
        counted(400)
        return problems.response(400, "bad_query", str(exc), instance=request.url.path)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        # The disk is full (or failing): nothing was written, and the same request may pass
        # once space returns. A 503 tells the client to retry; a 500 would blame the request.
        counted(503)
        log.error("http.store_unavailable", path=request.url.path, error=str(exc))
        return problems.response(
            503,
            "unavailable",
            "the store cannot take writes now (nothing was changed); retry later",
            instance=request.url.path,
            headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("http.unexpected_error", path=request.url.path, error=repr(exc))
        return problems.response(
            500, "internal_error", "unexpected failure", instance=request.url.path
        )

    @app.get(
        "/problems/{code}",
        tags=["ops"],
        summary="What a problem type means",
        response_class=PlainTextResponse,
    )
    async def problem_page(code: str) -> PlainTextResponse:
        entry = problems.CATALOGUE.get(code)
        if entry is None:
            return PlainTextResponse(f"unknown problem type {code}\n", status_code=404)
        status, text = entry
        return PlainTextResponse(f"{code} ({status}): {text}\n")


class Health(BaseModel):
    """The process answers."""

    status: str
    service: str


class Readiness(BaseModel):
    """Every readiness check by name; 503 (a problem naming the failing ones) if any fails."""

    status: str
    checks: dict[str, bool]


def install(app: FastAPI, runtime: Runtime) -> None:
    """Add the middleware, problem details and the /health, /ready, /metrics endpoints."""
    settings = runtime.settings
    app.add_middleware(
        BodyLimitMiddleware, limit=settings.http_max_body_bytes, limits=runtime.spec.body_limits
    )
    app.add_middleware(CorrelationMiddleware)
    install_problems(app, runtime.metrics.http_errors)

    @app.get("/health", tags=["ops"], summary="The process is alive", response_model=Health)
    async def health() -> Health:
        return Health(status="ok", service=runtime.settings.service_name)

    @app.get(
        "/ready",
        tags=["ops"],
        summary="Broker connected and store open",
        response_model=Readiness,
        responses={503: {"description": "not ready: the failing checks are named"}},
    )
    async def ready() -> Response:
        checks = await runtime.readiness()
        if all(checks.values()):
            return JSONResponse({"status": "ready", "checks": checks})
        failing = ", ".join(k for k, ok in checks.items() if not ok)
        # The problem's own `status` member is the HTTP status (RFC 9457): the checks say why.
        return problems.response(503, "unavailable", f"not ready: {failing}", checks=checks)

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)
