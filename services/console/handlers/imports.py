"""Importing a register file as the signed-in person (the assets service checks every cell,
registers all rows or none, or the valid rows only when asked)."""

from __future__ import annotations

from typing import Any

from services.console.handlers.context import ConsoleContext, Viewer


async def upload(
    ctx: ConsoleContext,
    who: Viewer,
    /,
    *,
    content: bytes,
    filename: str,
    media_type: str,
    encoding: str | None,
    valid_only: bool,
) -> dict[str, Any]:
    """Send the file: the import record (ApiRefused 422 names every bad cell)."""
    data = {"valid_only": "true" if valid_only else "false"}
    if encoding:
        data["encoding"] = encoding
    files = {"file": (filename, content, media_type or "application/octet-stream")}
    return await ctx.api["assets"].post("/imports", token=who.token, data=data, files=files)


async def record(ctx: ConsoleContext, who: Viewer, /, import_id: str) -> dict[str, Any]:
    """What an import registered, and the cells of the rows it left out."""
    return await ctx.api["assets"].get(f"/imports/{import_id}", token=who.token)
