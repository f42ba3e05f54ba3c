"""The register, an asset's page and stock-takes as the signed-in person sees them (the assets
service decides who may see and do what; maintenance files the faults)."""

from __future__ import annotations

import re
from typing import Any

from services.console.handlers.backends import ApiRefused
from services.console.handlers.context import ConsoleContext, Viewer

#: What a label's QR code holds: `<console>/assets/<asset id>`.
_ASSET_URL = re.compile(r"/assets/([A-Za-z0-9._:-]{1,64})/?$")
SEARCH_FIELDS = ("tag", "name", "building_id", "room_id", "status", "custodian_id", "import_id")


def search_params(query: dict[str, str]) -> dict[str, str]:
    """The search filters the page passes on (blank ones dropped)."""
    return {k: v.strip() for k, v in query.items() if k in SEARCH_FIELDS and v.strip()}


async def search(
    ctx: ConsoleContext, who: Viewer, /, params: dict[str, str], cursor: str | None
) -> dict[str, Any]:
    """A page of the register (`items`, `next_cursor`)."""
    query = {**params, "limit": 50, **({"cursor": cursor} if cursor else {})}
    return await ctx.api["assets"].get("/assets", token=who.token, params=query)


async def register(ctx: ConsoleContext, who: Viewer, /, body: dict[str, Any]) -> dict[str, Any]:
    """Put an asset on the books."""
    return await ctx.api["assets"].post("/assets", token=who.token, json=body)


async def asset_page(ctx: ConsoleContext, who: Viewer, /, asset_id: str) -> dict[str, Any]:
    """What the asset's page shows: the asset and its history, or only what a person without
    access to the register needs to report a fault (the service refused the details)."""
    api = ctx.api["assets"]
    try:
        asset = await api.get(f"/assets/{asset_id}", token=who.token)
    except ApiRefused as exc:
        if exc.status != 403:
            raise
        return {"asset": None, "asset_id": asset_id, "history": []}
    history = await api.get(f"/assets/{asset_id}/history", token=who.token, params={"limit": 50})
    return {"asset": asset, "asset_id": asset_id, "history": history["items"]}


async def report_fault(
    ctx: ConsoleContext, who: Viewer, /, *, tag: str, category: str, description: str
) -> dict[str, Any]:
    """A repair request for the asset: maintenance knows where its tag is."""
    body = {"asset_tag": tag, "category": category, "description": description}
    return await ctx.api["maintenance"].post("/tickets", token=who.token, json=body)


async def label_sheet(
    ctx: ConsoleContext, who: Viewer, /, params: dict[str, str]
) -> tuple[bytes, str]:
    """The PDF of a label sheet and its media type."""
    answer = await ctx.api["assets"].send("GET", "/labels/sheet", token=who.token, params=params)
    if answer.status_code >= 400:
        raise ApiRefused("assets", answer.status_code, answer.json())
    return answer.content, answer.headers.get("content-type", "application/pdf")


async def stocktakes(ctx: ConsoleContext, who: Viewer, /) -> list[dict[str, Any]]:
    """The campaigns the person may see, newest first."""
    answer = await ctx.api["assets"].get("/stocktakes", token=who.token, params={"limit": 50})
    return answer["items"]


async def start_stocktake(
    ctx: ConsoleContext, who: Viewer, /, *, building_id: str, name: str
) -> dict[str, Any]:
    """Begin counting a building."""
    body = {"scope": "building", "scope_id": building_id, "name": name}
    return await ctx.api["assets"].post("/stocktakes", token=who.token, json=body)


def read_codes(text: str) -> tuple[list[str], list[str]]:
    """Typed tags and scanned label URLs, one a line: (tags, asset ids)."""
    tags: list[str] = []
    ids: list[str] = []
    for raw in re.split(r"[\s,，;；]+", text):
        if not raw:
            continue
        found = _ASSET_URL.search(raw)
        if found:
            ids.append(found.group(1))
        else:
            tags.append(raw)
    return list(dict.fromkeys(tags)), list(dict.fromkeys(ids))


async def scan(
    ctx: ConsoleContext, who: Viewer, /, stocktake_id: str, *, room_id: str, codes: str
) -> dict[str, Any]:
    """Send what was seen in a room."""
    tags, ids = read_codes(codes)
    body = {"room_id": room_id, "tags": tags, "asset_ids": ids}
    return await ctx.api["assets"].post(
        f"/stocktakes/{stocktake_id}/scans", token=who.token, json=body
    )


async def report(ctx: ConsoleContext, who: Viewer, /, stocktake_id: str) -> dict[str, Any]:
    """The reconciliation of a campaign."""
    return await ctx.api["assets"].get(f"/stocktakes/{stocktake_id}/report", token=who.token)


async def submit(
    ctx: ConsoleContext, who: Viewer, /, stocktake_id: str, *, moves: list[str]
) -> dict[str, Any]:
    """Counting is over: the report and the agreed moves go to an administrator."""
    path = f"/stocktakes/{stocktake_id}/submit"
    return await ctx.api["assets"].post(path, token=who.token, json={"agreed_moves": moves})


async def decide(
    ctx: ConsoleContext, who: Viewer, /, stocktake_id: str, *, approve: bool
) -> dict[str, Any]:
    """An administrator closes the campaign (applying the moves) or sends it back."""
    path = f"/stocktakes/{stocktake_id}/decision"
    return await ctx.api["assets"].post(path, token=who.token, json={"approve": approve})
