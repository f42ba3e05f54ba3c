"""A page of one canteen's manager pages (set-up, menus): the canteen asked for (else the
person's own) and every canteen for the picker, its data loaded, or a banner naming the
service that did not answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who
from services.console.api.respond import page
from services.console.domain.access import require_page
from services.console.handlers import canteen as canteen_h
from services.console.handlers.backends import ServiceDown

Loader = Callable[[str], Awaitable[dict[str, Any]]]


async def canteen_page(
    request: Request, ctx: Ctx, who: Who, template: str, page_name: str, wanted: str | None,
    load: Loader, *, status: int = 200, **values: Any,
) -> Response:  # fmt: skip
    """The page for the canteen; `values` win over what `load` found (a refused form's)."""
    require_page(who.principal, page_name)
    try:
        found = await canteen_h.canteen_for(ctx, who, wanted)
        current = found["current"]
        data = await load(current["canteen_id"]) if current else {}
    except ServiceDown as exc:
        return await page(
            request, ctx, template, who=who, status=503, down=[exc.service], canteen=None,
            canteens=[], **values,
        )  # fmt: skip
    return await page(
        request, ctx, template, who=who, status=status, canteen=current, canteens=found["all"],
        **{**data, **values},
    )  # fmt: skip
