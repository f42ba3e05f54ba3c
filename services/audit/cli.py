"""Command line: `python -m services.audit verify|archive …` (no command: run the service).

    python -m services.audit verify --store sqlite:///data/audit.db [--archives DIR]
                                    [--anchor SEQ:HASH ...]
    python -m services.audit archive --store sqlite:///data/audit.db --archive-dir DIR
                                     --retention-days 1095

`verify` prints the report as JSON and exits 0 when the chain is intact, 1 when it names a
tampered record, 2 on bad usage. `archive` writes its `audit.records.archived.v1` events to the
store's outbox; the running service's relay publishes them.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from services.audit.handlers import AuditContext, archive_expired, verify_chain
from services.audit.repository import INDEXES
from services.audit.settings import AuditSettings
from shared import outbox
from shared.auth import Principal
from shared.errors import Conflict
from shared.logging import configure_logging
from shared.store import DocumentStore, store_from_url
from shared.uow import UnitOfWork

SOURCE = "/campus-logistics/audit"
_ANCHOR = re.compile(r"^(\d{1,12}):([0-9a-f]{64})$")


def _anchor(text: str) -> tuple[int, str]:
    match = _ANCHOR.match(text)
    if match is None:
        raise argparse.ArgumentTypeError("an anchor is SEQ:HASH (64 lowercase hex digits)")
    return int(match.group(1)), match.group(2)


def parser() -> argparse.ArgumentParser:
    """The argument parser of the audit command line."""
    defaults = AuditSettings()
    top = argparse.ArgumentParser(
        prog="python -m services.audit", description=__doc__.split("\n")[0]
    )
    commands = top.add_subparsers(dest="command", required=True)
    verify = commands.add_parser(
        "verify", help="walk the hash chain, name the first tampered record"
    )
    verify.add_argument("--store", default=defaults.resolved_store_url(), help="store URL")
    verify.add_argument("--archives", type=Path, help="also verify the archive files in DIR first")
    verify.add_argument("--anchor", type=_anchor, action="append", default=[], help="SEQ:HASH")
    verify.add_argument("--page", type=int, default=defaults.read_page, help="records per read")
    archive = commands.add_parser("archive", help="archive records past the retention window")
    archive.add_argument("--store", default=defaults.resolved_store_url(), help="store URL")
    archive.add_argument("--archive-dir", type=Path, default=defaults.resolved_archive_dir())
    archive.add_argument("--retention-days", type=int, default=defaults.retention_days)
    archive.add_argument("--batch", type=int, default=defaults.archive_batch)
    return top


def _existing_store(url: str) -> DocumentStore:
    # Opening a SQLite URL creates the file: a typo must not "verify" an empty new chain.
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise FileNotFoundError(f"no store file at {url}")
    return store_from_url(url)


async def _verify(args: argparse.Namespace) -> tuple[int, dict[str, Any]]:
    store = _existing_store(args.store)
    await store.open()
    try:
        report = await verify_chain(
            store,
            page=args.page,
            archive_dir=args.archives,
            anchors=dict(args.anchor),
        )
    finally:
        await store.close()
    return (0 if report.ok else 1), {"store": args.store, **report.as_dict()}


async def _archive(args: argparse.Namespace) -> tuple[int, dict[str, Any]]:
    if args.retention_days < 1 or args.batch < 1:
        raise ValueError("--retention-days and --batch must be at least 1")
    settings = AuditSettings(
        archive_dir=args.archive_dir.resolve(),
        retention_days=args.retention_days,
        archive_batch=args.batch,
    )
    store = _existing_store(args.store)
    await store.open()
    # Whoever holds the store file runs retention; their login names the events' actor.
    operator = Principal(
        user_id=f"cli:{getpass.getuser()}", name=None, roles=frozenset(), scopes={}
    )
    try:
        await store.ensure_indexes([*outbox.INDEXES, *INDEXES])
        run = await archive_expired(
            UnitOfWork(store, source=SOURCE, actor=operator.user_id),
            AuditContext.from_settings(settings),
            operator,
        )
    finally:
        await store.close()
    files = [
        {k: f[k] for k in ("file", "first_seq", "last_seq", "records", "sha256")} for f in run.files
    ]
    return 0, {
        "cutoff": run.cutoff,
        "records": run.records,
        "files": files,
        "base_seq": run.base_seq,
        "base_hash": run.base_hash,
    }


def main(argv: Sequence[str]) -> int:
    """Run one command; prints JSON on stdout, reasons on stderr."""
    args = parser().parse_args(argv)
    configure_logging("audit", level="WARNING")  # logs on stderr; stdout carries the JSON
    command = _verify if args.command == "verify" else _archive
    try:
        code, output = asyncio.run(command(args))
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Conflict as exc:
        print(f"refused: {exc.reason}", file=sys.stderr)
        return 1
    print(json.dumps(output, ensure_ascii=False, indent=2))
    return code
