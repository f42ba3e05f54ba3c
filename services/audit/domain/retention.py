"""Retention: which records leave the store for an archive file, and what the file says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.audit.domain.chain import GENESIS_HASH
from services.audit.events import RecordsArchived
from shared.aggregate import Aggregate
from shared.clock import iso

ARCHIVE_FORMAT = "campus-audit-archive-v1"


def retention_cutoff(now: datetime, days: int) -> str:
    """Records recorded before this time are past the retention window."""
    return iso(now - timedelta(days=days))


def expired_prefix(records: Sequence[dict[str, Any]], cutoff: str) -> list[dict[str, Any]]:
    """The leading records (seq order) recorded before the cutoff.

    Only a prefix of the chain is archived, so the store keeps one unbroken chain starting where
    the archives end; a late record before an early one waits for the next run.
    """
    out: list[dict[str, Any]] = []
    for record in records:
        if record["recorded_at"] >= cutoff:
            break
        out.append(record)
    return out


def archive_file_name(first_seq: int, last_seq: int) -> str:
    """The file of one archived range; names sort in chain order."""
    return f"audit-{first_seq:012d}-{last_seq:012d}.jsonl.gz"


def archive_header(records: Sequence[dict[str, Any]], *, prev_hash: str) -> dict[str, Any]:
    """First line of an archive: the range and the chain hashes before and after it.

    Nothing in it depends on when the archive was made, so a repeated run writes the same bytes.
    """
    return {
        "format": ARCHIVE_FORMAT,
        "first_seq": records[0]["seq"],
        "last_seq": records[-1]["seq"],
        "records": len(records),
        "prev_hash": prev_hash,
        "head_hash": records[-1]["hash"],
        "first_recorded_at": records[0]["recorded_at"],
        "last_recorded_at": records[-1]["recorded_at"],
    }


def archived_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record as an archive line: the stored document without the store's version."""
    return {k: v for k, v in record.items() if k != "_v"}


@dataclass
class ChainBase(Aggregate):
    """Where the stored chain starts: seq and hash of the last archived record.

    Moving it past an archive file records `RecordsArchived`, in the write that deletes the
    file's records from the store: records never leave silently.
    """

    seq: int = 0
    hash: str = GENESIS_HASH
    archives: int = 0
    version: int | None = None

    def advance(self, header: dict[str, Any], *, file: str, sha256: str) -> RecordsArchived:
        """Move past the archive file `file` (its `header`, its SHA-256); the event recorded."""
        if header["first_seq"] != self.seq + 1 or header["prev_hash"] != self.hash:
            raise ValueError(f"{file} does not continue the chain at seq {self.seq}")
        event = RecordsArchived(
            file=file,
            first_seq=header["first_seq"],
            last_seq=header["last_seq"],
            records=header["records"],
            prev_hash=header["prev_hash"],
            head_hash=header["head_hash"],
            sha256=sha256,
        )
        self.seq, self.hash = header["last_seq"], header["head_hash"]
        self.archives += 1
        self.record(event)
        return event
