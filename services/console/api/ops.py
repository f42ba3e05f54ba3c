"""The ops page: each service's health and readiness, with links to its metrics and API docs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who
from services.console.api.respond import page
from services.console.domain.access import require_page
from services.console.handlers import ops as h

router = APIRouter(include_in_schema=False)


@router.get("/ops")
async def ops(request: Request, ctx: Ctx, who: Who) -> Response:
    """Every service probed now."""
    require_page(who.principal, "ops")
    states = await h.platform_state(ctx, who)
    return await page(
        request, ctx, "ops.html", who=who, states=states, console=ctx.settings.public_base_url
    )
