"""A canteen's reference data as its manager reads and changes it through the canteen API,
which decides who may and publishes every change (so audit sees who changed what)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from services.console.domain.canteen_setup import certificates
from services.console.handlers.backends import ApiRefused
from services.console.handlers.context import ConsoleContext, Viewer


async def staff(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> dict[str, Any]:
    """The canteen's food handlers and their health certificates' stages."""
    c = ctx.api["canteen"]
    people, licences = await asyncio.gather(
        c.get(f"/canteens/{canteen_id}/staff", token=who.token),
        c.get(f"/canteens/{canteen_id}/licences", token=who.token),
    )
    return {"staff": people, "certificates": certificates(licences)}


async def member(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, staff_id: str
) -> dict[str, Any]:
    """One food handler."""
    path = f"/canteens/{canteen_id}/staff/{staff_id}"
    return await ctx.api["canteen"].get(path, token=who.token)


async def save_staff(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, staff_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Register or change a food handler (`canteen.staff.updated.v1`)."""
    path = f"/canteens/{canteen_id}/staff/{staff_id}"
    return await ctx.api["canteen"].put(path, token=who.token, json=body)


async def roster_day(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, day: date
) -> dict[str, Any]:
    """A day's roster (None when not planned), the food handlers, and the day's checks."""
    c = ctx.api["canteen"]
    base = f"/canteens/{canteen_id}"

    async def roster() -> dict[str, Any] | None:
        try:
            return await c.get(f"{base}/rosters/{day.isoformat()}", token=who.token)
        except ApiRefused as exc:
            if exc.status != 404:
                raise
            return None

    planned, people, checks = await asyncio.gather(
        roster(),
        c.get(f"{base}/staff", token=who.token),
        c.get(f"{base}/morning-checks", token=who.token, params={"day": day.isoformat()}),
    )
    return {"roster": planned, "staff": people, "checks": checks}


async def save_roster(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, day: date, shifts: list[dict]
) -> dict[str, Any]:
    """Set a day's shifts (`canteen.roster.updated.v1`); 422 names each person refused."""
    path = f"/canteens/{canteen_id}/rosters/{day.isoformat()}"
    return await ctx.api["canteen"].put(path, token=who.token, json={"shifts": shifts})


async def devices(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> list[dict[str, Any]]:
    """The canteen's temperature-logged devices."""
    return await ctx.api["canteen"].get(f"/canteens/{canteen_id}/devices", token=who.token)


async def save_device(
    ctx: ConsoleContext, who: Viewer, /, canteen_id: str, device_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Register or change a device (`canteen.device.updated.v1`)."""
    path = f"/canteens/{canteen_id}/devices/{device_id}"
    return await ctx.api["canteen"].put(path, token=who.token, json=body)


async def checklists(ctx: ConsoleContext, who: Viewer, /, canteen_id: str) -> list[dict[str, Any]]:
    """The checklist templates serving the canteen."""
    params = {"canteen": canteen_id}
    return await ctx.api["canteen"].get("/checklists", token=who.token, params=params)


async def checklist(ctx: ConsoleContext, who: Viewer, /, template_id: str) -> dict | None:
    """One template (None when there is none of that id)."""
    try:
        return await ctx.api["canteen"].get(f"/checklists/{template_id}", token=who.token)
    except ApiRefused as exc:
        if exc.status != 404:
            raise
        return None


async def save_checklist(
    ctx: ConsoleContext, who: Viewer, /, template_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Register or replace a template (`canteen.checklist.updated.v1`)."""
    path = f"/checklists/{template_id}"
    return await ctx.api["canteen"].put(path, token=who.token, json=body)
