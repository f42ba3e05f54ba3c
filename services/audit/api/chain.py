"""Chain endpoints: status, verify, archive runs and manifests, replay to a subscriber."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.audit import handlers as h
from services.audit.api.deps import Ctx, ReplayTo
from services.audit.api.schemas import (
    ArchiveFileRead,
    ArchiveRunRead,
    ChainRead,
    ReplayCreate,
    ReplayRead,
    VerifyQuery,
    VerifyRead,
)
from shared.api import Caller, Uow

router = APIRouter(prefix="/audit", tags=["chain"])


@router.get(
    "/chain",
    response_model=ChainRead,
    summary="Chain head, stored records, base and last checkpoint",
)
async def chain(uow: Uow, ctx: Ctx, who: Caller) -> ChainRead:
    """Counters and hashes only (no event content), so not recorded as a query."""
    return ChainRead.of(await h.chain_status(uow, ctx, who))


@router.get(
    "/verify",
    response_model=VerifyRead,
    summary="Walk the hash chain and name the first tampered record",
)
async def verify(q: Annotated[VerifyQuery, Query()], uow: Uow, ctx: Ctx, who: Caller) -> VerifyRead:
    """`ok` with counts, or the first seq edited, deleted or reordered (200 either way)."""
    report = await h.verify(uow, ctx, who, archives=q.archives, anchors=q.anchors())
    return VerifyRead.of(report)


@router.get(
    "/archives", response_model=list[ArchiveFileRead], summary="Archive files written so far"
)
async def archives(uow: Uow, ctx: Ctx, who: Caller) -> list[ArchiveFileRead]:
    """Manifests of every archive file, in chain order."""
    return [ArchiveFileRead.of(m) for m in await h.list_archives(uow, ctx, who)]


@router.post(
    "/archives",
    response_model=ArchiveRunRead,
    summary="Archive records past the retention window now",
)
async def archive(uow: Uow, ctx: Ctx, who: Caller) -> ArchiveRunRead:
    """Move the expired prefix of the chain to archive files (the retention job also does)."""
    return ArchiveRunRead.of(await h.archive_now(uow, ctx, who))


@router.post(
    "/replays",
    response_model=ReplayRead,
    summary="Deliver stored events of some types since a time to a queue",
)
async def replay(
    body: ReplayCreate, uow: Uow, ctx: Ctx, who: Caller, target: ReplayTo
) -> ReplayRead:
    """Declare `<namespace>.replay.<name>` and publish matching events in seq order, confirmed."""
    result = await h.replay_events(
        uow, ctx, who, target=target, types=body.types, since=body.since, queue=body.queue
    )
    return ReplayRead.of(result)
