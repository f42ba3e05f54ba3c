"""The canteen's food-safety day as the signed-in person sees and records it (the canteen
service decides who may, and what each record means)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.console.domain.canteen import choose_canteen, morning_list
from services.console.handlers.backends import ApiRefused
from services.console.handlers.context import ConsoleContext, Viewer


async def canteen_for(ctx: ConsoleContext, who: Viewer, /, wanted: str | None) -> dict[str, Any]:
    """The canteen to show (the one asked for, else the person's own) and every canteen."""
    every = await ctx.api["canteen"].get("/canteens", token=who.token)
    chosen = choose_canteen(who.principal, wanted, [c["canteen_id"] for c in every])
    current = next((c for c in every if c["canteen_id"] == chosen), None)
    return {"current": current, "all": every}


async def today(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> dict[str, Any]:
    """Today's food-safety status of the canteen."""
    return await ctx.api["canteen"].get(
        f"/canteens/{canteen_id}/food-safety/today", token=who.token
    )


@dataclass(frozen=True)
class Samples:
    """Today's meals with their dishes and samples, and the samples still in the fridge."""

    meals: list[dict[str, Any]]
    fridge: list[dict[str, Any]]


async def samples(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> Samples:
    """What the samples section shows."""
    c = ctx.api["canteen"]
    meals, fridge = await asyncio.gather(
        c.get(f"/canteens/{canteen_id}/meals", token=who.token),
        c.get(f"/canteens/{canteen_id}/samples", token=who.token),
    )
    return Samples(meals, fridge)


async def register_meal(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """A served meal and its dishes."""
    return await ctx.api["canteen"].post(
        f"/canteens/{canteen_id}/meals", token=who.token, json=body
    )


async def record_sample(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, meal_id: str, dish_id: str, body: dict
) -> dict[str, Any]:
    """A dish's sample into the fridge."""
    path = f"/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}"
    return await ctx.api["canteen"].call("PUT", path, token=who.token, json=body)


async def meal_step(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, meal_id: str, step: str
) -> dict[str, Any]:
    """Close a meal (`close`), or discard a sample (`samples/<dish>/discard`)."""
    path = f"/canteens/{canteen_id}/meals/{meal_id}/{step}"
    return await ctx.api["canteen"].post(path, token=who.token)


async def morning(ctx: ConsoleContext, who: Viewer, /, canteen_id: str, day: str) -> list[dict]:
    """Who is to be checked this morning, and how each check went."""
    c = ctx.api["canteen"]
    staff, checks = await asyncio.gather(
        c.get(f"/canteens/{canteen_id}/staff", token=who.token),
        c.get(f"/canteens/{canteen_id}/morning-checks", token=who.token),
    )
    try:
        roster = await c.get(f"/canteens/{canteen_id}/rosters/{day}", token=who.token)
    except ApiRefused as exc:
        if exc.status != 404:
            raise
        roster = None  # no roster today: every active food handler is checked
    return morning_list(staff, roster, checks)


async def record_check(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """A morning check."""
    return await ctx.api["canteen"].post(
        f"/canteens/{canteen_id}/morning-checks", token=who.token, json=body
    )


async def devices(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> list[dict[str, Any]]:
    """The canteen's devices and their state now."""
    return await ctx.api["canteen"].get(f"/canteens/{canteen_id}/devices", token=who.token)


async def record_reading(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, device_id: str, body: dict[str, Any]
) -> list[dict[str, Any]]:
    """A reading of one device, by the person."""
    path = f"/canteens/{canteen_id}/devices/{device_id}/readings"
    return await ctx.api["canteen"].post(path, token=who.token, json=body)


@dataclass(frozen=True)
class Inspection:
    """The checklists of the canteen, today's inspections and the open corrective actions."""

    checklists: list[dict[str, Any]]
    today: list[dict[str, Any]]
    actions: list[dict[str, Any]]


async def inspection(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> Inspection:
    """What the inspection section shows."""
    c = ctx.api["canteen"]
    checklists, done, actions = await asyncio.gather(
        c.get("/checklists", token=who.token, params={"canteen": canteen_id}),
        c.get(f"/canteens/{canteen_id}/inspections", token=who.token),
        c.get(f"/canteens/{canteen_id}/corrective-actions", token=who.token),
    )
    return Inspection(checklists, done, actions["items"])


async def checklist(ctx: ConsoleContext, who: Viewer, /, template_id: str) -> dict[str, Any]:
    """One checklist template and its items."""
    return await ctx.api["canteen"].get(f"/checklists/{template_id}", token=who.token)


async def record_inspection(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """An inspection, every item scored."""
    return await ctx.api["canteen"].post(
        f"/canteens/{canteen_id}/inspections", token=who.token, json=body
    )


async def close_action(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, action_id: str, evidence: str
) -> dict[str, Any]:
    """A corrective action closed with its evidence."""
    path = f"/canteens/{canteen_id}/corrective-actions/{action_id}/close"
    return await ctx.api["canteen"].post(path, token=who.token, json={"evidence": evidence})
