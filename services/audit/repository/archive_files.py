"""Archive files: gzip JSON Lines, a header line with the chain hashes before and after.

Written to a temporary name, fsynced, renamed, and the folder fsynced, before any record leaves
the store. The bytes depend only on the records (gzip mtime 0, no creation time in the header),
so a run repeated after a crash rewrites an identical file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from services.audit.domain.retention import ARCHIVE_FORMAT


def _line(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def write_archive(path: Path, header: dict[str, Any], records: Sequence[dict[str, Any]]) -> str:
    """Write and fsync one archive file; returns the SHA-256 of its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    digest = hashlib.sha256()
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(_line(header))
            for record in records:
                gz.write(_line(record))
        raw.flush()
        os.fsync(raw.fileno())
    with open(tmp, "rb") as done:
        for chunk in iter(lambda: done.read(1 << 20), b""):
            digest.update(chunk)
    os.replace(tmp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself must survive a power cut
    finally:
        os.close(folder)
    return digest.hexdigest()


def load_archive(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header and records of an archive file (ValueError if it is not one)."""
    try:
        with gzip.open(path, "rb") as gz:
            lines = [json.loads(line) for line in gz if line.strip()]
    except (OSError, EOFError, zlib.error, json.JSONDecodeError) as exc:
        raise ValueError(f"{path.name}: unreadable archive: {exc}") from exc
    if not lines or not isinstance(lines[0], dict) or lines[0].get("format") != ARCHIVE_FORMAT:
        raise ValueError(f"{path.name}: not a {ARCHIVE_FORMAT} file")
    return lines[0], lines[1:]


def sorted_archive_files(folder: Path) -> list[Path]:
    """Archive files of a folder in chain order (their names sort so)."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob("audit-*.jsonl.gz"))
