"""Photo storage: content-addressed files under the service's data directory."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from services.maintenance.domain.photos import EXTENSIONS, check_photo, digest
from services.maintenance.domain.ticket_parts import Photo
from services.maintenance.handlers.context import MaintenanceContext
from shared.errors import Invalid, NotFound


def photo_path(root: Path, sha256: str, content_type: str) -> Path:
    """Where a photo's bytes live (two-level fan-out by hash)."""
    return root / sha256[:2] / f"{sha256}.{EXTENSIONS[content_type]}"


def _write(path: Path, data: bytes) -> None:
    if path.exists():
        return  # same bytes, same name: content addressing makes the write idempotent
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


async def store_photos(
    ctx: MaintenanceContext,
    uploads: Sequence[bytes],
    *,
    already: int,
    by: str | None,
    at: datetime,
) -> list[Photo]:
    """Check every upload first (count, size, type), then write the files.

    Files are written before the ticket's commit; if that commit fails, the file stays as an
    unreferenced content-addressed blob, never as a half-written ticket.
    """
    limit = ctx.settings.photos_per_ticket
    if already + len(uploads) > limit:
        raise Invalid(f"at most {limit} photos per request", field="photos")
    checked = [
        (data, check_photo(data, max_bytes=ctx.settings.photo_max_bytes, field=f"photos.{i}"))
        for i, data in enumerate(uploads)
    ]
    photos: list[Photo] = []
    for data, kind in checked:
        sha = digest(data)
        await asyncio.to_thread(_write, photo_path(ctx.photo_dir, sha, kind), data)
        photos.append(
            Photo(
                id=uuid.uuid4().hex[:12],
                sha256=sha,
                content_type=kind,
                size=len(data),
                uploaded_at=at,
                uploaded_by=by,
            )
        )
    return photos


async def read_photo(ctx: MaintenanceContext, photo: Photo) -> bytes:
    """The bytes of a stored photo."""
    path = photo_path(ctx.photo_dir, photo.sha256, photo.content_type)
    try:
        return await asyncio.to_thread(path.read_bytes)
    except FileNotFoundError as exc:
        raise NotFound(f"photo {photo.id} is missing from storage") from exc
