"""Loans and reservations as the signed-in person sees and makes them (the assets service
decides who may lend, take back, reserve or hand over, and refuses overlapping days)."""

from __future__ import annotations

import asyncio
from typing import Any

from services.console.domain.loans import overdue_first, reads_register
from services.console.handlers.backends import ApiRefused
from services.console.handlers.context import ConsoleContext, Viewer

PAGE = 50


async def overview(
    ctx: ConsoleContext, who: Viewer, /, *, status: str | None, asset_id: str | None
) -> dict[str, Any]:
    """My loans and reservations; for readers of the register also those of their buildings
    (open loans by default, overdue first), or of one asset."""
    api = ctx.api["assets"]
    mine = {"mine": "true", "limit": PAGE}
    calls = [
        api.get("/loans", token=who.token, params=mine),
        api.get("/reservations", token=who.token, params=mine),
    ]
    managed = reads_register(who.principal)
    if managed:
        loans: dict[str, Any] = {"limit": PAGE, **({"status": status} if status else {})}
        held: dict[str, Any] = {"limit": PAGE, "status": "active"}
        if asset_id:
            loans["asset_id"] = held["asset_id"] = asset_id
        calls += [
            api.get("/loans", token=who.token, params=loans),
            api.get("/reservations", token=who.token, params=held),
        ]
    found = await asyncio.gather(*calls)
    today = ctx.today()
    shown = {
        "my_loans": overdue_first(found[0]["items"], today),
        "my_reservations": found[1]["items"],
        "loans": None,
        "reservations": None,
    }
    if managed:
        shown["loans"] = overdue_first(found[2]["items"], today)
        shown["reservations"] = found[3]["items"]
    return shown


async def asset_or_none(ctx: ConsoleContext, who: Viewer, /, asset_id: str) -> dict | None:
    """The asset, or None when the person may not read the register there (they may still
    reserve it for themselves: tags are no secret)."""
    try:
        return await ctx.api["assets"].get(f"/assets/{asset_id}", token=who.token)
    except ApiRefused as exc:
        if exc.status != 403:
            raise
        return None


async def asset_by_tag(ctx: ConsoleContext, who: Viewer, /, tag: str) -> dict[str, Any]:
    """The asset a typed tag names (ApiRefused: unknown, or not the person's to read)."""
    return await ctx.api["assets"].get(f"/assets/by-tag/{tag}", token=who.token)


async def lend(ctx: ConsoleContext, who: Viewer, /, body: dict[str, Any]) -> dict[str, Any]:
    """Offer a loan; it starts when the borrower signs for it."""
    return await ctx.api["assets"].post("/loans", token=who.token, json=body)


async def loan(ctx: ConsoleContext, who: Viewer, /, loan_id: str) -> dict[str, Any]:
    """One loan, and the damage found at its return with the compensation owed (None when it
    came back in good condition, or when the person may not read the asset's damages)."""
    api = ctx.api["assets"]
    found = await api.get(f"/loans/{loan_id}", token=who.token)
    damage = None
    if found.get("damage_id"):
        try:
            damages = await api.get(f"/assets/{found['asset_id']}/damages", token=who.token)
        except ApiRefused as exc:
            if exc.status != 403:
                raise
        else:
            damage = next((d for d in damages if d["damage_id"] == found["damage_id"]), None)
    return {"loan": found, "damage": damage}


async def loan_step(
    ctx: ConsoleContext, who: Viewer, /, loan_id: str, step: str, body: dict | None = None
) -> dict[str, Any]:
    """Acknowledge (the borrower), cancel or return (a manager): the service's answer."""
    path = f"/loans/{loan_id}/{step}"
    return await ctx.api["assets"].post(path, token=who.token, json=body or {})


async def reserve(ctx: ConsoleContext, who: Viewer, /, body: dict[str, Any]) -> dict[str, Any]:
    """Reserve days of an asset (409 naming the booking that holds them)."""
    return await ctx.api["assets"].post("/reservations", token=who.token, json=body)


async def reservation_step(
    ctx: ConsoleContext, who: Viewer, /, reservation_id: str, step: str
) -> dict[str, Any]:
    """Cancel (its person or a manager) or collect (a manager: it becomes a loan)."""
    path = f"/reservations/{reservation_id}/{step}"
    body = {} if step == "cancel" else None
    return await ctx.api["assets"].post(path, token=who.token, json=body)
