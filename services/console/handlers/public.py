"""The account-less repair flow: what a QR code names, filing from it, following with the key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.console.handlers.backends import story_headers
from services.console.handlers.context import ConsoleContext
from shared.logging import get_logger

log = get_logger(__name__)
KEY_HEADER = "X-Follow-Up-Key"


@dataclass(frozen=True)
class Upload:
    """A photo as the browser sent it."""

    filename: str
    content_type: str
    data: bytes


async def qr_place(ctx: ConsoleContext, /, token: str) -> dict[str, Any]:
    """The place (and asset) a scanned code names, and the categories to choose from."""
    return await ctx.api["maintenance"].get(f"/public/qr/{token}")


async def file_request(
    ctx: ConsoleContext,
    /,
    *,
    token: str,
    fields: dict[str, str],
    photos: Sequence[Upload],
    client_ip: str,
) -> dict[str, Any]:
    """File the request (multipart, with the photos); the answer has the follow-up key."""
    files = [("photos", (p.filename or "photo", p.data, p.content_type)) for p in photos]
    data = {"token": token, **{k: v for k, v in fields.items() if v}}
    return await ctx.api["maintenance"].post(
        "/public/requests",
        data=data,
        files=files or None,
        headers={"X-Forwarded-For": client_ip},
    )


async def follow(ctx: ConsoleContext, /, ticket_id: str, key: str) -> dict[str, Any]:
    """Status and history of a request, opened by its follow-up key."""
    return await ctx.api["maintenance"].get(
        f"/public/requests/{ticket_id}", headers={KEY_HEADER: key}
    )


async def rate(
    ctx: ConsoleContext,
    /,
    ticket_id: str,
    key: str,
    *,
    rating: int,
    comment: str | None,
    story: str | None = None,
) -> dict[str, Any]:
    """Rate 1–5 and close (in the order's story)."""
    body: dict[str, Any] = {"rating": rating}
    if comment:
        body["comment"] = comment
    return await _answer(ctx, ticket_id, key, "close", body, story)


async def reopen(
    ctx: ConsoleContext, /, ticket_id: str, key: str, *, reason: str, story: str | None = None
) -> dict[str, Any]:
    """The fault is not fixed: back to the dispatcher (in the order's story)."""
    return await _answer(ctx, ticket_id, key, "reopen", {"reason": reason}, story)


async def _answer(
    ctx: ConsoleContext,
    ticket_id: str,
    key: str,
    action: str,
    body: dict[str, Any],
    story: str | None,
) -> dict[str, Any]:
    path = f"/public/requests/{ticket_id}/{action}"
    headers = {KEY_HEADER: key, **story_headers(story)}
    return await ctx.api["maintenance"].post(path, json=body, headers=headers)
