"""Use case: walk the stored chain (and optionally the archive files before it)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from services.audit.domain import Report, Verifier
from services.audit.handlers.archive_files import read_archive, sorted_archive_files
from services.audit.repository import AuditRepository


async def verify_chain(
    repo: AuditRepository,
    *,
    page: int = 1000,
    archive_dir: Path | None = None,
    anchors: Mapping[int, str] | None = None,
) -> Report:
    """The first record edited, deleted or reordered, or an ok report with counts.

    Without `archive_dir` the walk starts from the chain base (the last archived hash); with it,
    from the genesis through every archive file, then checks the base continues them.
    """
    base = await repo.base()
    if archive_dir is None:
        verifier = Verifier(base_seq=base["seq"], base_hash=base["hash"], anchors=anchors)
    else:
        verifier = Verifier(anchors=anchors)
        for path in sorted_archive_files(archive_dir):
            await read_archive(path, verifier)
            if verifier.problem is not None:
                return verifier.finish(None)
        if (verifier.last_seq, verifier.last_hash) != (base["seq"], base["hash"]):
            verifier.fail(
                verifier.last_seq + 1,
                "deleted",
                f"archives end at seq {verifier.last_seq} but the store starts after "
                f"seq {base['seq']}",
            )
            return verifier.finish(None)
    # The chain grows while we walk it: verify up to the head as it was when the walk began.
    snapshot, _ = await repo.head()
    head = snapshot
    async for record in repo.walk(base["seq"], page):
        if record["seq"] > snapshot.seq:
            current, _ = await repo.head()
            if record["seq"] <= current.seq:
                break  # appended since the walk began; the next verify covers it
            head = current  # a record past the head the store itself has: walk on and report it
        if verifier.feed(record) is not None:
            break
    return verifier.finish(head)
