"""Chain endpoints: status, verify, archive runs and manifests, replay to a subscriber."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.audit.api.schemas import (
    ArchiveFileRead,
    ArchiveRunRead,
    ChainRead,
    CheckpointRead,
    ReplayCreate,
    ReplayRead,
    VerifyQuery,
    VerifyRead,
)
from services.audit.handlers import archive_expired, record_query, replay_events, verify_chain
from services.audit.loops import archive_lock, settings_of
from services.audit.publisher import AmqpReplayTarget
from services.audit.repository import AuditRepository
from shared.api import require_roles, runtime_of
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Conflict
from shared.service import Runtime

router = APIRouter(prefix="/audit", tags=["chain"])
Auditor = Annotated[Principal, Depends(require_roles("auditor", "logistics_admin"))]
Admin = Annotated[Principal, Depends(require_roles("logistics_admin"))]
Replayer = Annotated[Principal, Depends(require_roles("service", "logistics_admin"))]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


@router.get("/chain", summary="Chain head, stored records, base and last checkpoint")
async def chain(_: Auditor, runtime: RuntimeDep) -> ChainRead:
    """Counters and hashes only (no event content), so not recorded as a query."""
    repo = AuditRepository(runtime.store)
    head, _doc = await repo.head()
    base = await repo.base()
    last, _cp = await repo.last_checkpoint()
    return ChainRead(
        head_seq=head.seq,
        head_hash=head.hash,
        records_stored=await repo.count(),
        base_seq=base["seq"],
        base_hash=base["hash"],
        archives=base["archives"],
        last_checkpoint=None
        if last is None or last.seq == 0
        else CheckpointRead(seq=last.seq, head_hash=last.head_hash, at=iso(last.at)),
    )


@router.get("/verify", summary="Walk the hash chain and name the first tampered record")
async def verify(
    q: Annotated[VerifyQuery, Query()], principal: Auditor, runtime: RuntimeDep
) -> VerifyRead:
    """`ok` with counts, or the first seq edited, deleted or reordered (200 either way)."""
    settings = settings_of(runtime)
    report = await verify_chain(
        AuditRepository(runtime.store),
        page=settings.read_page,
        archive_dir=settings.resolved_archive_dir() if q.archives else None,
        anchors=q.anchors(),
    )
    filters = {"archives": int(q.archives), "anchors": len(q.anchor)}
    await record_query(runtime.uow(principal), principal, "verify", filters, report.checked)
    return VerifyRead.model_validate(report.as_dict())


@router.get("/archives", summary="Archive files written so far")
async def archives(principal: Auditor, runtime: RuntimeDep) -> list[ArchiveFileRead]:
    """Manifests of every archive file, in chain order."""
    items = await AuditRepository(runtime.store).archives()
    await record_query(runtime.uow(principal), principal, "archives", {}, len(items))
    return [ArchiveFileRead.model_validate(m) for m in items]


@router.post("/archives", summary="Archive records past the retention window now")
async def archive(principal: Admin, runtime: RuntimeDep) -> ArchiveRunRead:
    """Move the expired prefix of the chain to archive files (the loop also does this)."""
    lock = archive_lock(runtime)
    if lock.locked():
        raise Conflict("an archive run is already in progress")
    async with lock:
        settings = settings_of(runtime)
        run = await archive_expired(
            AuditRepository(runtime.store),
            lambda: runtime.uow(principal),
            archive_dir=settings.resolved_archive_dir(),
            now=runtime.clock(),
            retention_days=settings.retention_days,
            batch=settings.archive_batch,
        )
    return ArchiveRunRead(
        cutoff=run.cutoff,
        records=run.records,
        files=[ArchiveFileRead.model_validate(f) for f in run.files],
        base_seq=run.base_seq,
        base_hash=run.base_hash,
    )


@router.post("/replays", summary="Deliver stored events of some types since a time to a queue")
async def replay(body: ReplayCreate, principal: Replayer, runtime: RuntimeDep) -> ReplayRead:
    """Declare `<namespace>.replay.<name>` and publish matching events in seq order, confirmed."""
    connection = runtime.relay.connection
    if connection is None or connection.is_closed:
        raise Conflict("not connected to the broker; retry")
    async with AmqpReplayTarget(connection, window=settings_of(runtime).replay_window) as target:
        result = await replay_events(
            AuditRepository(runtime.store),
            runtime.uow(principal),
            target,
            principal,
            namespace=runtime.settings.namespace,
            types=body.types,
            since=body.since,
            queue=body.queue,
            page=settings_of(runtime).read_page,
        )
    return ReplayRead(
        queue=result.queue, count=result.count, first_seq=result.first_seq, last_seq=result.last_seq
    )
