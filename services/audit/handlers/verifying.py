"""Use case: walk the stored chain (and optionally the archive files before it)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path

from services.audit.domain import Report, Verifier, access
from services.audit.handlers.context import AuditContext
from services.audit.handlers.querying import record_query
from services.audit.repository import chain, records
from services.audit.repository.archive_files import load_archive, sorted_archive_files
from shared.auth import Principal
from shared.store import DocumentStore
from shared.uow import UnitOfWork


async def verify(
    uow: UnitOfWork,
    ctx: AuditContext,
    who: Principal,
    /,
    *,
    archives: bool = False,
    anchors: Sequence[tuple[int, str]] = (),
) -> Report:
    """The first record edited, deleted or reordered, or an ok report; the run is recorded.

    `archives` walks the archive files from the genesis first; `anchors` are (seq, hash) pairs
    kept outside (published checkpoints) that the chain must still match.
    """
    access.require_reader(who)
    report = await verify_chain(
        uow.store,
        page=ctx.settings.read_page,
        archive_dir=ctx.archive_dir if archives else None,
        anchors=dict(anchors),
    )
    filters = {"archives": int(archives), "anchors": len(anchors)}
    await record_query(uow, who, "verify", filters, report.checked)
    return report


async def verify_chain(
    store: DocumentStore,
    *,
    page: int = 1000,
    archive_dir: Path | None = None,
    anchors: Mapping[int, str] | None = None,
) -> Report:
    """The walk itself (also the command line's, which records nothing in the store it checks).

    Without `archive_dir` the walk starts from the chain base (the last archived hash); with it,
    from the genesis through every archive file, then checks the base continues them.
    """
    base = await chain.load_base(store)
    if archive_dir is None:
        verifier = Verifier(base_seq=base.seq, base_hash=base.hash, anchors=anchors)
    else:
        verifier = Verifier(anchors=anchors)
        for path in sorted_archive_files(archive_dir):
            await read_archive(path, verifier)
            if verifier.problem is not None:
                return verifier.finish(None)
        if (verifier.last_seq, verifier.last_hash) != (base.seq, base.hash):
            verifier.fail(
                verifier.last_seq + 1,
                "deleted",
                f"archives end at seq {verifier.last_seq} but the store starts after "
                f"seq {base.seq}",
            )
            return verifier.finish(None)
    # The chain grows while we walk it: verify up to the head as it was when the walk began.
    snapshot, _ = await chain.load_head(store)
    head = snapshot
    async for record in records.walk(store, base.seq, page):
        if record["seq"] > snapshot.seq:
            current, _ = await chain.load_head(store)
            if record["seq"] <= current.seq:
                break  # appended since the walk began; the next verify covers it
            head = current  # a record past the head the store itself has: walk on and report it
        if verifier.feed(record) is not None:
            break
    return verifier.finish(head)


async def read_archive(path: Path, verifier: Verifier) -> None:
    """Feed one archive file to a verifier, checking its header against the chain."""
    expected = verifier.last_seq + 1
    try:
        header, lines = await asyncio.to_thread(load_archive, path)
    except ValueError as exc:
        verifier.fail(expected, "edited", str(exc))
        return
    first = header.get("first_seq")
    if header.get("prev_hash") != verifier.last_hash and first == expected:
        verifier.fail(expected, "reordered", f"{path.name} does not continue the chain")
        return
    for record in lines:
        if verifier.feed(record) is not None:
            return
    if (
        verifier.last_seq != header.get("last_seq")
        or verifier.last_hash != header.get("head_hash")
        or len(lines) != header.get("records")
    ):
        detail = f"{path.name}: header does not match its records"
        verifier.fail(verifier.last_seq, "edited", detail)
