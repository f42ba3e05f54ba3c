"""The audit trail as auditors read it: search, a correlation's story, the chain, exports."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from services.console.handlers.context import ConsoleContext, Viewer

#: The search form's fields, as audit's query parameters name them.
SEARCH_FIELDS = ("subject", "actor", "type", "correlation_id", "since", "until")


def search_params(form: dict[str, str]) -> dict[str, Any]:
    """Audit's query parameters from the form (blank fields are left out)."""
    return {k: v.strip() for k, v in form.items() if k in SEARCH_FIELDS and v and v.strip()}


async def search(
    ctx: ConsoleContext, who: Viewer, /, params: dict[str, Any], cursor: str | None
) -> dict[str, Any]:
    """One page of matching records."""
    query = {**params, "limit": 100}
    if cursor:
        query["cursor"] = cursor
    return await ctx.api["audit"].get("/audit/records", token=who.token, params=query)


@dataclass(frozen=True)
class Story:
    """One correlation's events with their depth in the causal tree, and each subject's life."""

    correlation_id: str
    steps: list[tuple[int, dict[str, Any]]]
    lives: dict[str, list[dict[str, Any]]]


def _depths(items: list[dict[str, Any]], links: list[dict[str, Any]]) -> list[int]:
    parent = {link["seq"]: link.get("caused_by_seq") for link in links}
    depths = []
    for item in items:
        depth, seq, seen = 0, item["seq"], set()
        while parent.get(seq) is not None and seq not in seen and depth < 20:
            seen.add(seq)
            seq = parent[seq]
            depth += 1
        depths.append(depth)
    return depths


async def story(ctx: ConsoleContext, who: Viewer, /, correlation_id: str) -> Story:
    """The story of one correlation, and the whole life of each thing it touched.

    A work order's later steps are separate requests with their own correlation ids, so the
    page also shows, per subject, every record of it (each linking to its own story).
    """
    audit = ctx.api["audit"]
    answer = await audit.get(
        f"/audit/correlations/{correlation_id}", token=who.token, params={"limit": 500}
    )
    items = answer["items"]
    steps = list(zip(_depths(items, answer["links"]), items, strict=True))
    # In the order they appear, so the thing the story is about (its first event's) comes first.
    subjects = list(
        dict.fromkeys(i["event"]["subject"] for i in items if i["event"].get("subject"))
    )
    subjects = subjects[:5]
    pages = await asyncio.gather(
        *(
            audit.get("/audit/records", token=who.token, params={"subject": s, "limit": 200})
            for s in subjects
        )
    )
    lives = {s: page["items"] for s, page in zip(subjects, pages, strict=True)}
    return Story(correlation_id, steps, lives)


async def chain(ctx: ConsoleContext, who: Viewer, /) -> dict[str, Any]:
    """Where the chain stands (head, records, last checkpoint)."""
    return await ctx.api["audit"].get("/audit/chain", token=who.token)


async def verify(ctx: ConsoleContext, who: Viewer, /) -> dict[str, Any]:
    """Walk the hash chain: ok with counts, or the first tampered record."""
    return await ctx.api["audit"].get("/audit/verify", token=who.token)


async def export(
    ctx: ConsoleContext, who: Viewer, /, params: dict[str, Any], fmt: str
) -> tuple[httpx.Response, AsyncIterator[bytes]]:
    """The matching records as JSON Lines or CSV, streamed as audit sends them."""
    return await ctx.api["audit"].stream(
        "/audit/export", token=who.token, params={**params, "format": fmt}
    )
