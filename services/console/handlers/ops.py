"""Each service's health and readiness, as the ops page shows them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from services.console.handlers.backends import ServiceDown
from services.console.handlers.context import ConsoleContext, Viewer
from services.console.settings import BACKENDS


@dataclass(frozen=True)
class ServiceState:
    """What one service answered on /health and /ready."""

    name: str
    url: str
    alive: bool
    ready: bool
    checks: dict[str, bool] = field(default_factory=dict)
    reason: str | None = None


async def _probe(ctx: ConsoleContext, name: str) -> ServiceState:
    backend, url = ctx.api[name], ctx.api.urls[name]
    try:
        health = await backend.send("GET", "/health")
    except ServiceDown as exc:
        return ServiceState(name, url, alive=False, ready=False, reason=exc.reason)
    try:
        # /ready answers 503 with the failing checks named: read that answer too.
        ready = await backend.send("GET", "/ready", unavailable_ok=True)
    except ServiceDown as exc:
        return ServiceState(name, url, alive=True, ready=False, reason=exc.reason)
    body = ready.json() if ready.content else {}
    checks = body.get("checks", {}) if isinstance(body, dict) else {}
    return ServiceState(
        name, url, alive=health.status_code == 200, ready=ready.status_code == 200, checks=checks
    )


async def platform_state(ctx: ConsoleContext, who: Viewer, /) -> list[ServiceState]:
    """Every service probed at once."""
    return list(await asyncio.gather(*(_probe(ctx, name) for name in BACKENDS)))
