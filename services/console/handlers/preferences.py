"""The person's own notification settings: channels, quiet hours, digest, language, phone."""

from __future__ import annotations

from typing import Any

from services.console.handlers.backends import ApiRefused
from services.console.handlers.context import ConsoleContext, Viewer


async def my_entry(ctx: ConsoleContext, who: Viewer, /) -> dict[str, Any] | None:
    """The person's directory entry, or None until an administrator adds them."""
    try:
        return await ctx.api["notifications"].get("/people/me", token=who.token)
    except ApiRefused as exc:
        if exc.status == 404:
            return None
        raise


async def save_preferences(
    ctx: ConsoleContext, who: Viewer, /, body: dict[str, Any]
) -> dict[str, Any]:
    """Save them (notifications records the change as its event)."""
    return await ctx.api["notifications"].put("/people/me/preferences", token=who.token, json=body)
