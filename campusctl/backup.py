"""`campus backup DATA_DIR DEST`: an online-safe copy of every SQLite store of a data directory.

SQLite's backup API (`sqlite3.Connection.backup`) copies a consistent snapshot of the database
while services keep writing to it: in WAL mode readers never block writers, and the copy holds
exactly the transactions committed when it started (never half of one, never a torn page, which
`cp` of a live file can give). Each copy is checked with `PRAGMA integrity_check` before it
counts. Uploads (photos, audit archives) are plain files: copy them with rsync after the stores.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Copied:
    """One store that was backed up."""

    source: Path
    target: Path
    pages: int


def backup_file(source: Path, target: Path) -> Copied:
    """Copy one live SQLite database to `target` (replaced if present) and check the copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            # One step, in one read transaction: in WAL mode writers go on meanwhile and the
            # copy is that transaction's snapshot. (Steps of a few pages with pauses between
            # them restart from scratch after every write by another connection: under steady
            # writes a store larger than one step was never copied.)
            src.backup(dst, pages=-1)
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"backup of {source} failed its integrity check: {verdict}")
    partial.replace(target)
    return Copied(source, target, pages)


def backup_dir(data_dir: Path, dest: Path) -> list[Copied]:
    """Back up every `*.db` file directly under `data_dir` into `dest`."""
    stores = sorted(p for p in data_dir.glob("*.db") if p.is_file())
    if not stores:
        raise FileNotFoundError(f"no SQLite stores (*.db) in {data_dir}")
    return [backup_file(p, dest / p.name) for p in stores]
