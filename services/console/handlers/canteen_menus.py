"""Dishes, price caps, weekly menus and diners' feedback through the canteen API, which decides
who may, refuses a price above the cap, and publishes every change (so audit sees who did)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from services.console.handlers.backends import ApiRefused
from services.console.handlers.context import ConsoleContext, Viewer


async def _maybe(call: Any) -> Any:
    """The answer, or None for a 404 (a menu not planned yet)."""
    try:
        return await call
    except ApiRefused as exc:
        if exc.status != 404:
            raise
        return None


async def dishes(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> dict[str, Any]:
    """The canteen's dishes and its price caps by category."""
    c, base = ctx.api["canteen"], f"/canteens/{canteen_id}"
    found, caps = await asyncio.gather(
        c.get(f"{base}/dishes", token=who.token), c.get(f"{base}/price-caps", token=who.token)
    )
    return {"dishes": found, "caps": {cap["category"]: cap for cap in caps}}


async def dish(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, dish_id: str
) -> dict[str, Any]:
    """One dish (None when there is none of that id) and its price history, newest first."""
    c, path = ctx.api["canteen"], f"/canteens/{canteen_id}/dishes/{dish_id}"
    found = await _maybe(c.get(path, token=who.token))
    prices = await c.get(f"{path}/prices", token=who.token) if found else []
    return {"dish": found, "prices": prices}


async def save_dish(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, dish_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Create or change a dish (a new price: `canteen.dish.price_changed.v1`); 422
    `price_above_cap` names the cap."""
    path = f"/canteens/{canteen_id}/dishes/{dish_id}"
    return await ctx.api["canteen"].put(path, token=who.token, json=body)


async def save_cap(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, category: str, body: dict[str, str]
) -> dict[str, Any]:
    """Set the cap of a category's everyday dishes."""
    path = f"/canteens/{canteen_id}/price-caps/{category}"
    return await ctx.api["canteen"].put(path, token=who.token, json=body)


async def week_menu(ctx: ConsoleContext, who: Viewer, /, canteen_id: str, week: str) -> dict:
    """The week's menu (None when not planned yet) and the canteen's dishes."""
    c, base = ctx.api["canteen"], f"/canteens/{canteen_id}"
    menu, found = await asyncio.gather(
        _maybe(c.get(f"{base}/menus/{week}", token=who.token)),
        c.get(f"{base}/dishes", token=who.token),
    )
    return {"menu": menu, "dishes": found}


async def save_menu(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, week: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Save the week's menu (a draft until published)."""
    path = f"/canteens/{canteen_id}/menus/{week}"
    return await ctx.api["canteen"].put(path, token=who.token, json=body)


async def publish_menu(ctx: ConsoleContext, who: Viewer, /, canteen_id: str, week: str) -> dict:
    """Publish the week's menu (`canteen.menu.published.v1`): the public page shows it."""
    path = f"/canteens/{canteen_id}/menus/{week}/publish"
    return await ctx.api["canteen"].post(path, token=who.token)


async def complaints(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, status: str | None
) -> list[dict[str, Any]]:
    """The canteen's complaints, of one status or all."""
    params = {"status": status} if status else None
    path = f"/canteens/{canteen_id}/complaints"
    return await ctx.api["canteen"].get(path, token=who.token, params=params)


async def answer(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, complaint_id: str, text: str
) -> dict[str, Any]:
    """Answer a complaint (`canteen.complaint.answered.v1`)."""
    path = f"/canteens/{canteen_id}/complaints/{complaint_id}/answer"
    return await ctx.api["canteen"].post(path, token=who.token, json={"answer": text})


async def costs(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, start: date, end: date
) -> dict[str, Any]:
    """Cost per portion and margin, per day, per week and per dish, over the days."""
    params = {"from": start.isoformat(), "to": end.isoformat()}
    path = f"/canteens/{canteen_id}/costs"
    return await ctx.api["canteen"].get(path, token=who.token, params=params)


async def satisfaction(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, weeks: int
) -> list[dict[str, Any]]:
    """The weekly satisfaction index, oldest first."""
    path = f"/canteens/{canteen_id}/satisfaction"
    return await ctx.api["canteen"].get(path, token=who.token, params={"weeks": weeks})


async def public_menu(ctx: ConsoleContext, /, canteen_id: str, week: str) -> dict | None:
    """The published menu as the canteen's public notice (None while unpublished)."""
    return await _maybe(ctx.api["canteen"].get(f"/public/canteens/{canteen_id}/menus/{week}"))


async def feedback(
    ctx: ConsoleContext,
    who: Viewer | None,
    /,
    canteen_id: str,
    kind: str,
    body: dict[str, Any],
    *,
    client_ip: str,
) -> dict[str, Any]:
    """A rating or complaint (`kind`): as the person when signed in, else on the public route
    (limited per client: the browser's address is passed on)."""
    c = ctx.api["canteen"]
    if who is not None:
        return await c.post(f"/canteens/{canteen_id}/{kind}", token=who.token, json=body)
    headers = {"X-Forwarded-For": client_ip}
    return await c.post(f"/public/canteens/{canteen_id}/{kind}", json=body, headers=headers)
