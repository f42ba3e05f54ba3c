"""Use case: move records past the retention window into archive files, never silently."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.audit.domain import (
    ChainBase,
    Verifier,
    access,
    archive_file_name,
    archive_header,
    archived_record,
    expired_prefix,
    retention_cutoff,
)
from services.audit.handlers.context import AuditContext
from services.audit.handlers.verifying import read_archive
from services.audit.repository import archives, chain, records
from services.audit.repository.archive_files import write_archive
from shared.auth import Principal
from shared.clock import iso
from shared.errors import Conflict
from shared.logging import get_logger
from shared.store import Doc
from shared.uow import UnitOfWork

log = get_logger(__name__)


@dataclass
class ArchiveRun:
    """What one run moved: the files written and where the stored chain now starts."""

    cutoff: str
    records: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)
    base_seq: int = 0
    base_hash: str = ""


async def archive_now(uow: UnitOfWork, ctx: AuditContext, who: Principal, /) -> ArchiveRun:
    """An administrator's retention run, now; refused while another run is under way."""
    access.require_archiver(who)
    if ctx.archive_lock.locked():
        raise Conflict("an archive run is already in progress")
    return await archive_expired(uow, ctx, who)


async def archive_expired(uow: UnitOfWork, ctx: AuditContext, who: Principal, /) -> ArchiveRun:
    """Archive the expired prefix of the chain, one file and one atomic write per batch.

    Records leave the store only after their file is fsynced and read back clean, in the same
    write that moves the chain base to the archive's last hash (so `verify` continues from it)
    and records an `audit.records.archived.v1` event. The first batch commits `uow`, each
    further batch a fresh unit of work like it. One run at a time per process.
    """
    async with ctx.archive_lock:
        return await _run(uow, ctx)


async def _run(uow: UnitOfWork, ctx: AuditContext) -> ArchiveRun:
    now = ctx.now()
    batch = ctx.settings.archive_batch
    await chain.prepare(uow.store, now)
    run = ArchiveRun(cutoff=retention_cutoff(now, ctx.settings.retention_days))
    unit = uow
    while True:
        base = await chain.load_base(unit.store)
        run.base_seq, run.base_hash = base.seq, base.hash
        oldest = await records.records_after(unit.store, base.seq, 1)
        if not expired_prefix(oldest, run.cutoff):
            return run  # the usual case: one record read, nothing to move
        candidates = await records.records_after(unit.store, base.seq, batch)
        expired = expired_prefix(candidates, run.cutoff)
        manifest = await _archive_batch(unit, ctx, base, expired, now=now)
        run.records += len(expired)
        run.files.append(manifest)
        run.base_seq, run.base_hash = base.seq, base.hash
        if len(expired) < len(candidates) or len(candidates) < batch:
            return run
        unit = unit.successor()


async def _archive_batch(
    uow: UnitOfWork, ctx: AuditContext, base: ChainBase, expired: list[Doc], *, now: datetime
) -> Doc:
    """Write, fsync and read back one file, then delete its records and move the base."""
    _check_chain(expired, base)
    name = archive_file_name(expired[0]["seq"], expired[-1]["seq"])
    path = ctx.archive_dir / name
    header = archive_header(expired, prev_hash=base.hash)
    lines = [archived_record(r) for r in expired]
    digest = await asyncio.to_thread(write_archive, path, header, lines)
    readback = Verifier(base_seq=base.seq, base_hash=base.hash)
    await read_archive(path, readback)
    if readback.problem is not None or readback.last_seq != expired[-1]["seq"]:
        raise RuntimeError(f"{name} did not read back clean: {readback.problem}")
    manifest = {
        "_id": name,
        **header,
        "file": name,
        "sha256": digest,
        "archived_at": iso(now),
    }
    base.advance(header, file=name, sha256=digest)
    archives.stage(uow, base, expired, manifest)
    await uow.commit()
    log.info("audit.archived", file=name, records=len(expired), last_seq=base.seq)
    return manifest


def _check_chain(expired: list[Doc], base: ChainBase) -> None:
    """Refuse to archive a broken chain: the evidence stays where `verify` reports it."""
    verifier = Verifier(base_seq=base.seq, base_hash=base.hash)
    for record in expired:
        problem = verifier.feed(record)
        if problem is not None:
            raise Conflict(
                f"chain broken at seq {problem.seq} ({problem.kind}: {problem.detail}); "
                "nothing archived, run verify",
                seq=problem.seq,
            )
