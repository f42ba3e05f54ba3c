"""Composition root of the console: pages, sessions, static files, the services' clients."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Mapping

import httpx
from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from services.console.api import ROUTERS
from services.console.api.errors import install_pages_errors
from services.console.api.render import HERE, Pages
from services.console.handlers.backends import Backends
from services.console.handlers.context import ConsoleContext, backend_urls, load_people
from services.console.settings import ConsoleSettings
from shared.authenticator import Authenticator
from shared.clock import Clock, utcnow
from shared.service import Runtime, ServiceSpec, build_service

DESCRIPTION = """\
控制台 — the pages people use: the public repair form a QR code opens, requesters, the
dispatch board, the technician's work, the inbox, the audit trail and the ops page. It owns no
data: each page calls the services' APIs with the signed-in person's token. This document
lists only its probes; its pages are HTML.
"""
SESSION_COOKIE = "campus_session"

with warnings.catch_warnings():
    # authlib 1.9 would rather use the httpx2 fork; the platform pins httpx, which it still
    # supports (the warning is about a future release, not this one).
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from authlib.integrations.starlette_client import OAuth


def oauth_client(settings: ConsoleSettings, transport: httpx.AsyncBaseTransport | None = None):
    """The campus identity provider's client (authlib), or None when none is configured."""
    oidc = settings.oidc
    if not oidc.configured:
        return None
    kwargs: dict[str, object] = {"scope": oidc.scope, "code_challenge_method": "S256"}
    if transport is not None:
        kwargs["transport"] = transport
    registry = OAuth()
    return registry.register(
        name="campus",
        server_metadata_url=oidc.metadata_url,
        client_id=oidc.client_id,
        client_secret=oidc.client_secret.get_secret_value() if oidc.client_secret else None,
        client_kwargs=kwargs,
    )


def build(
    settings: ConsoleSettings,
    *,
    clock: Clock = utcnow,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """The console app; `transports` replace the network to the services and the provider
    (tests pass fakes: a name of a service, or "oidc")."""
    transports = transports or {}
    ctx = ConsoleContext(
        settings=settings,
        clock=clock,
        backends=Backends(
            backend_urls(settings),
            timeout=settings.backend_timeout_seconds,
            transports=transports,
        ),
        authenticator=Authenticator(settings.auth),
        people=load_people(settings),
    )

    async def close_clients(runtime: Runtime) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await ctx.api.aclose()

    spec = ServiceSpec(
        name="console",
        title="Campus Logistics — console",
        description=DESCRIPTION,
        routers=ROUTERS,
        context=ctx,
        background=[close_clients],
        body_limits={r"^/(qr/|work/|imports$)": settings.upload_max_bytes},
        stateless=True,
    )
    app = build_service(spec, settings, clock=clock)
    app.state.pages = Pages(timezone=settings.timezone)
    app.state.oauth = oauth_client(settings, transports.get("oidc"))
    install_pages_errors(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret.get_secret_value(),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    return app
