"""Work orders as the signed-in person sees and moves them (maintenance decides who may)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from services.console.domain.views import BoardFilter, SlaBadge, buildings_of, sla_badges
from services.console.handlers.backends import ApiRefused, story_headers
from services.console.handlers.context import ConsoleContext, Viewer
from services.console.handlers.public import Upload


@dataclass(frozen=True)
class Card:
    """One work order with what the page derives from it."""

    ticket: dict[str, Any]
    badges: list[SlaBadge] = field(default_factory=list)


def card(ctx: ConsoleContext, ticket: dict[str, Any]) -> Card:
    """A ticket with its SLA badges as of now."""
    return Card(ticket, sla_badges(ticket, ctx.now()))


async def list_tickets(
    ctx: ConsoleContext, who: Viewer, /, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Work orders visible to the person (maintenance limits the list to what they may see)."""
    answer = await ctx.api["maintenance"].get("/tickets", token=who.token, params=params)
    return answer["items"]


async def get_ticket(ctx: ConsoleContext, who: Viewer, /, ticket_id: str) -> dict[str, Any]:
    """One work order with its history."""
    return await ctx.api["maintenance"].get(f"/tickets/{ticket_id}", token=who.token)


async def act(
    ctx: ConsoleContext,
    who: Viewer,
    /,
    ticket_id: str,
    action: str,
    body: dict[str, Any],
    *,
    story: str | None = None,
) -> dict[str, Any]:
    """One transition (triage, assign, start, hold, resume, resolve, close, reopen)."""
    payload = {k: v for k, v in body.items() if v not in (None, "")}
    return await ctx.api["maintenance"].post(
        f"/tickets/{ticket_id}/{action}",
        token=who.token,
        json=payload,
        headers=story_headers(story),
    )


async def add_photos(
    ctx: ConsoleContext,
    who: Viewer,
    /,
    ticket_id: str,
    photos: Sequence[Upload],
    *,
    story: str | None = None,
) -> dict[str, Any]:
    """Attach photos to a work order."""
    files = [("photos", (p.filename or "photo", p.data, p.content_type)) for p in photos]
    return await ctx.api["maintenance"].post(
        f"/tickets/{ticket_id}/photos", token=who.token, files=files, headers=story_headers(story)
    )


async def resolve(
    ctx: ConsoleContext,
    who: Viewer,
    /,
    ticket_id: str,
    *,
    note: str,
    photos: Sequence[Upload],
    story: str | None = None,
) -> dict[str, Any]:
    """Photos of the repair first (refused photos stop it), then resolve with the note."""
    if photos:
        await add_photos(ctx, who, ticket_id, photos, story=story)
    return await act(ctx, who, ticket_id, "resolve", {"note": note}, story=story)


async def photo(
    ctx: ConsoleContext, who: Viewer, /, ticket_id: str, photo_id: str
) -> httpx.Response:
    """One photo's bytes, as the person may see it."""
    path = f"/tickets/{ticket_id}/photos/{photo_id}"
    response = await ctx.api["maintenance"].send("GET", path, token=who.token)
    if response.status_code >= 400:
        raise ApiRefused("maintenance", response.status_code, {"detail": "no such photo"})
    return response


async def file_web(
    ctx: ConsoleContext, who: Viewer, /, *, location_id: str, category: str, description: str
) -> dict[str, Any]:
    """A requester's own request from the web."""
    body = {"location_id": location_id, "category": category, "description": description}
    return await ctx.api["maintenance"].post("/tickets", token=who.token, json=body)


async def places(ctx: ConsoleContext, who: Viewer, /, kind: str) -> list[dict[str, Any]]:
    """Places of one kind (rooms to file from, buildings to filter by)."""
    answer = await ctx.api["maintenance"].get(
        "/locations", token=who.token, params={"kind": kind, "limit": 500}
    )
    return answer["items"]


@dataclass(frozen=True)
class Board:
    """The dispatcher's board: the cards, and what the filters and assign forms offer."""

    cards: list[Card]
    buildings: list[tuple[str, str]]
    teams: list[dict[str, Any]]
    contractors: list[dict[str, Any]]
    #: Who can be named: maintenance's roster (name, teams, open orders), those away left out.
    technicians: list[dict[str, Any]]
    #: Technician id -> name, for the cards' "carried by".
    names: dict[str, str] = field(default_factory=dict)


async def board(ctx: ConsoleContext, who: Viewer, /, wanted: BoardFilter) -> Board:
    """Open orders of the dispatcher's campuses, filtered by maintenance (SLA state too), with
    the assign options."""
    m = ctx.api["maintenance"]
    campuses = sorted(who.principal.scopes.get("campus", ())) or ["main"]
    scoped = [{"campus_id": c} for c in campuses]
    tickets, buildings, contractors, *pages = await asyncio.gather(
        list_tickets(ctx, who, wanted.api_params()),
        places(ctx, who, "building"),
        m.get("/contractors", token=who.token),
        *(m.get("/teams", token=who.token, params=p) for p in scoped),
        *(m.get("/technicians", token=who.token, params=p) for p in scoped),
    )
    teams = [t for page in pages[: len(campuses)] for t in page["items"]]
    roster = {t["id"]: t for page in pages[len(campuses) :] for t in page["items"]}
    return Board(
        cards=[card(ctx, t) for t in tickets],
        buildings=buildings_of(buildings),
        teams=teams,
        contractors=contractors["items"],
        technicians=[t for t in roster.values() if t.get("active", True)],
        names={t["id"]: t["name"] for t in roster.values() if t.get("name")},
    )
