"""Refusals as pages a person can read (403, 404, a service down), problems for machines.

A browser (Accept: text/html, or htmx) gets a page in its language; anything else keeps the
RFC 9457 problem document every service answers with.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.console.api.deps import CsrfRefused, SignInRequired, current_viewer, is_htmx
from services.console.api.respond import page, see_other
from services.console.handlers.backends import ApiRefused, ServiceDown
from shared import problems
from shared.errors import DomainError
from shared.logging import get_logger

log = get_logger(__name__)


def wants_html(request: Request) -> bool:
    """A browser asking for a page (not an API client)."""
    return is_htmx(request) or "text/html" in request.headers.get("accept", "")


async def _error_page(request: Request, status: int, kind: str, **values: object) -> Response:
    ctx = request.app.state.runtime.context
    who = current_viewer(request, ctx)
    return await page(request, ctx, "error.html", who=who, status=status, kind=kind, **values)


def install_pages_errors(app: FastAPI) -> None:
    """Register the handlers (after `build_service`'s, which they replace for pages)."""
    previous = dict(app.exception_handlers)

    async def signin_required(request: Request, exc: SignInRequired) -> Response:
        return see_other("/signin?next=" + quote(exc.next_path, safe="/"))

    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        if not wants_html(request):
            return problems.response(403, "forbidden", "missing or wrong CSRF token")
        return await _error_page(request, 403, "csrf")

    async def service_down(request: Request, exc: ServiceDown) -> Response:
        return await _error_page(request, 503, "down", down=[exc.service])

    async def api_refused(request: Request, exc: ApiRefused) -> Response:
        if exc.status == 401:
            request.session.pop("token", None)
            return see_other("/signin?next=" + quote(request.url.path, safe="/"))
        kind = {403: "forbidden", 404: "not_found"}.get(exc.status, "refused")
        status = exc.status if exc.status in (403, 404, 409, 422, 429) else 502
        return await _error_page(request, status, kind, detail=exc.detail)

    async def domain_error(request: Request, exc: DomainError) -> Response:
        if not wants_html(request):
            return await previous[DomainError](request, exc)
        kind = {403: "forbidden", 404: "not_found", 401: "signin"}.get(exc.status, "refused")
        return await _error_page(request, exc.status, kind, detail=exc.reason)

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not wants_html(request):
            return await previous[StarletteHTTPException](request, exc)
        kind = "not_found" if exc.status_code == 404 else "refused"
        return await _error_page(request, exc.status_code, kind)

    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if not wants_html(request):
            return await previous[RequestValidationError](request, exc)
        return await _error_page(request, 404, "not_found")

    app.add_exception_handler(SignInRequired, signin_required)  # type: ignore[arg-type]
    app.add_exception_handler(CsrfRefused, csrf_refused)  # type: ignore[arg-type]
    app.add_exception_handler(ServiceDown, service_down)  # type: ignore[arg-type]
    app.add_exception_handler(ApiRefused, api_refused)  # type: ignore[arg-type]
    app.add_exception_handler(DomainError, domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
