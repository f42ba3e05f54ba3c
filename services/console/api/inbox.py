"""Everyone's notifications inbox: newest first, severity, unread badge, mark read, and
acknowledge a critical alert (or it is escalated)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from services.console.api.deps import Ctx, Who, check_csrf
from services.console.api.respond import flash, page, see_other
from services.console.domain.access import require_page, safe_next
from services.console.handlers import inbox as h
from services.console.handlers.backends import ApiRefused

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("/inbox")
async def inbox(
    request: Request,
    ctx: Ctx,
    who: Who,
    unread: bool = False,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
) -> Response:
    """The person's notifications, in their language."""
    require_page(who.principal, "inbox")
    notes = await h.my_notifications(ctx, who, unread_only=unread, cursor=cursor)
    return await page(request, ctx, "inbox.html", who=who, notes=notes, unread_only=unread)


@router.post("/inbox/{notification_id}/read")
async def mark_read(
    notification_id: Annotated[str, Path(min_length=1, max_length=100)],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """Mark one read; back to the inbox."""
    require_page(who.principal, "inbox")
    await h.mark_read(ctx, who, notification_id)
    form = await request.form()
    return see_other(safe_next(str(form.get("back", "/inbox")), "/inbox"))


@router.post("/inbox/{notification_id}/acknowledge")
async def acknowledge(
    notification_id: Annotated[str, Path(min_length=1, max_length=100)],
    request: Request,
    ctx: Ctx,
    who: Who,
) -> Response:
    """Acknowledge a critical alert; back to the inbox."""
    require_page(who.principal, "inbox")
    form = await request.form()
    try:
        await h.acknowledge(ctx, who, notification_id)
    except ApiRefused as exc:
        if exc.status != 409:
            raise
        flash(request, "Only critical alerts are acknowledged.", "error")
    else:
        flash(request, "Acknowledged: it will not be escalated.")
    return see_other(safe_next(str(form.get("back", "/inbox")), "/inbox"))
