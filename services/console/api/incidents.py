"""Alerts that reached nobody (or only the logistics administrators), and what would let them
reach someone: who the directory lacks, which endpoint, which rule names nobody."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import page
from services.console.domain.access import may_open, require_page
from services.console.handlers import notify_config as h

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("/incidents")
async def incidents(
    request: Request,
    ctx: Ctx,
    who: Who,
    state: Annotated[str, Query(pattern="^(undeliverable|fallback)$")] = "undeliverable",
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> Response:
    """Newest first; notifications routes each again by itself once the directory or the
    rules change (nobody has to send it again)."""
    require_page(who.principal, "incidents")
    found = await h.incidents(ctx, who, state=state, cursor=cursor)
    return await page(
        request, ctx, "notify/incidents.html", who=who, found=found, state=state,
        editor=may_open(who.principal, "rules"), tab="incidents",
    )  # fmt: skip
