"""The notifications inbox: the person's notifications, the unread badge, mark read,
acknowledge a critical alert."""

from __future__ import annotations

from typing import Any

from services.console.handlers.context import ConsoleContext, Viewer


async def unread_count(ctx: ConsoleContext, who: Viewer, /) -> int:
    """How many of the person's notifications are unread (the badge)."""
    answer = await ctx.api["notifications"].get("/notifications/me/unread-count", token=who.token)
    return int(answer["unread"])


async def my_notifications(
    ctx: ConsoleContext, who: Viewer, /, *, unread_only: bool, cursor: str | None
) -> dict[str, Any]:
    """One page of the person's notifications, newest first."""
    params: dict[str, Any] = {"limit": 50, "unread": unread_only}
    if cursor:
        params["cursor"] = cursor
    return await ctx.api["notifications"].get("/notifications/me", token=who.token, params=params)


async def mark_read(ctx: ConsoleContext, who: Viewer, /, notification_id: str) -> dict[str, Any]:
    """Mark one notification read (twice changes nothing)."""
    return await ctx.api["notifications"].post(
        f"/notifications/{notification_id}/read", token=who.token
    )


async def acknowledge(ctx: ConsoleContext, who: Viewer, /, notification_id: str) -> dict[str, Any]:
    """Acknowledge a critical alert: it will not be escalated (twice changes nothing)."""
    return await ctx.api["notifications"].post(
        f"/notifications/{notification_id}/acknowledge", token=who.token
    )
