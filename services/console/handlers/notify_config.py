"""Notifications' configuration as logistics administrators edit it: routing rules, webhooks and
robots, message templates (with a preview), and the alerts that reached nobody.

Each call goes to notifications as the person: it decides who may read and change what (only
logistics administrators change; every change is its event there). Secrets never come back.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from services.console.handlers.backends import Backend
from services.console.handlers.context import ConsoleContext, Viewer


def _api(ctx: ConsoleContext) -> Backend:
    return ctx.api["notifications"]


def _path(kind: str, name: str) -> str:
    return f"/{kind}/{quote(name, safe='')}"


async def list_rules(ctx: ConsoleContext, who: Viewer, /) -> list[dict[str, Any]]:
    """Every routing rule, with whom it reaches in words."""
    return await _api(ctx).get("/routing-rules", token=who.token)


async def get_rule(ctx: ConsoleContext, who: Viewer, /, rule_id: str) -> dict[str, Any]:
    """One rule."""
    return await _api(ctx).get(_path("routing-rules", rule_id), token=who.token)


async def save_rule(
    ctx: ConsoleContext, who: Viewer, /, rule_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Create or replace a rule (it becomes the administrator's: the file no longer touches it)."""
    return await _api(ctx).put(_path("routing-rules", rule_id), token=who.token, json=body)


async def delete_rule(ctx: ConsoleContext, who: Viewer, /, rule_id: str) -> None:
    """Remove a rule (a rule of the file returns at the service's next start)."""
    await _api(ctx).delete(_path("routing-rules", rule_id), token=who.token)


async def list_endpoints(ctx: ConsoleContext, who: Viewer, /) -> list[dict[str, Any]]:
    """Every webhook and robot (no secrets; URLs without their query)."""
    return await _api(ctx).get("/endpoints", token=who.token)


async def get_endpoint(ctx: ConsoleContext, who: Viewer, /, endpoint_id: str) -> dict[str, Any]:
    """One endpoint."""
    return await _api(ctx).get(_path("endpoints", endpoint_id), token=who.token)


async def save_endpoint(
    ctx: ConsoleContext, who: Viewer, /, endpoint_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Create or replace an endpoint; without `url` or `secret` the stored one stays."""
    return await _api(ctx).put(_path("endpoints", endpoint_id), token=who.token, json=body)


async def list_templates(ctx: ConsoleContext, who: Viewer, /) -> list[dict[str, Any]]:
    """Every template and whether an override is in force."""
    return await _api(ctx).get("/templates", token=who.token)


async def get_template(ctx: ConsoleContext, who: Viewer, /, name: str) -> dict[str, Any]:
    """One template: the source in force and the file's."""
    return await _api(ctx).get(_path("templates", name), token=who.token)


async def save_template(
    ctx: ConsoleContext, who: Viewer, /, name: str, source: str
) -> dict[str, Any]:
    """Override a template (refused when it does not compile)."""
    return await _api(ctx).put(_path("templates", name), token=who.token, json={"source": source})


async def reset_template(ctx: ConsoleContext, who: Viewer, /, name: str) -> None:
    """Remove an override: the file applies again."""
    await _api(ctx).delete(_path("templates", name), token=who.token)


async def preview_template(
    ctx: ConsoleContext, who: Viewer, /, name: str, source: str
) -> dict[str, Any]:
    """What `source` would say for the newest event of its type (nothing is saved)."""
    path = _path("templates", name) + "/preview"
    return await _api(ctx).post(path, token=who.token, json={"source": source})


async def incidents(
    ctx: ConsoleContext, who: Viewer, /, *, state: str, cursor: str | None
) -> dict[str, Any]:
    """One page of incidents in `state`, newest first, each open one with what it needs."""
    params: dict[str, Any] = {"state": state, "limit": 50}
    if cursor:
        params["cursor"] = cursor
    return await _api(ctx).get("/incidents", token=who.token, params=params)
