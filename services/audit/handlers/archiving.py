"""Use case: move records past the retention window into archive files, never silently."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from services.audit.domain import (
    Verifier,
    archive_file_name,
    archive_header,
    archived_record,
    expired_prefix,
    retention_cutoff,
)
from services.audit.events import RecordsArchived
from services.audit.handlers.archive_files import read_archive, write_archive
from services.audit.repository import ARCHIVES, CHAIN, RECORDS, AuditRepository
from shared.clock import iso
from shared.errors import Conflict
from shared.logging import get_logger
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


async def archive_expired(
    repo: AuditRepository,
    new_uow: Callable[[], UnitOfWork],
    *,
    archive_dir: Path,
    now: datetime,
    retention_days: int,
    batch: int,
) -> ArchiveRun:
    """Archive the expired prefix of the chain, one file and one atomic delete per batch.

    Records leave the store only after their file is fsynced and read back clean, in the same
    write that moves the chain base to the archive's last hash (so `verify` continues from it)
    and records an `audit.records.archived.v1` event.
    """
    await repo.prepare(now)
    run = ArchiveRun(cutoff=retention_cutoff(now, retention_days))
    while True:
        base = await repo.base()
        run.base_seq, run.base_hash = base["seq"], base["hash"]
        oldest = await repo.records_after(base["seq"], 1)
        if not expired_prefix(oldest, run.cutoff):
            return run  # the usual case: one record read, nothing to move
        candidates = await repo.records_after(base["seq"], batch)
        records = expired_prefix(candidates, run.cutoff)
        _check_chain(records, base)
        name = archive_file_name(records[0]["seq"], records[-1]["seq"])
        path = archive_dir / name
        header = archive_header(records, prev_hash=base["hash"])
        lines = [archived_record(r) for r in records]
        digest = await asyncio.to_thread(write_archive, path, header, lines)
        readback = Verifier(base_seq=base["seq"], base_hash=base["hash"])
        await read_archive(path, readback)
        if readback.problem is not None or readback.last_seq != records[-1]["seq"]:
            raise RuntimeError(f"{name} did not read back clean: {readback.problem}")
        manifest = {"_id": name, **header, "file": name, "sha256": digest, "archived_at": iso(now)}
        uow = new_uow()
        for record in records:
            uow.delete(RECORDS, record)
        last = records[-1]
        new_base = {**base, "seq": last["seq"], "hash": last["hash"]}
        uow.replace(CHAIN, {**new_base, "archives": base["archives"] + 1})
        uow.insert(ARCHIVES, manifest)
        uow.emit(
            RecordsArchived(
                file=name,
                first_seq=header["first_seq"],
                last_seq=header["last_seq"],
                records=len(records),
                prev_hash=header["prev_hash"],
                head_hash=header["head_hash"],
                sha256=digest,
            ),
            subject=f"archive/{name}",
        )
        await uow.commit()
        log.info("audit.archived", file=name, records=len(records), last_seq=last["seq"])
        run.records += len(records)
        run.files.append(manifest)
        run.base_seq, run.base_hash = last["seq"], last["hash"]
        if len(records) < len(candidates) or len(candidates) < batch:
            return run


def _check_chain(records: list[dict[str, Any]], base: dict[str, Any]) -> None:
    """Refuse to archive a broken chain: the evidence stays where `verify` reports it."""
    verifier = Verifier(base_seq=base["seq"], base_hash=base["hash"])
    for record in records:
        problem = verifier.feed(record)
        if problem is not None:
            raise Conflict(
                f"chain broken at seq {problem.seq} ({problem.kind}: {problem.detail}); "
                "nothing archived, run verify",
                seq=problem.seq,
            )
